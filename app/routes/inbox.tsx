// A person's inbox: what needs their delegation's attention (amendments to answer, their own
// amendments under way, brackets they hold, clauses without their position, silence deadlines) and,
// for the chair, what awaits a decision. Every item links to the page where it is dealt with.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "../auth/guards.server";
import { inboxFor, type InboxLink } from "../drafting/inbox.server";
import { formatInstant } from "../lib/dates";

export const meta: MetaFunction = () => [{ title: "Inbox – Accord" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requirePermission(request, "dashboard:view");
  const inbox = inboxFor(principal);
  const view = (links: InboxLink[]) => links.map((link) => ({ ...link, when: link.at ? formatInstant(new Date(link.at)) : null }));
  return {
    states: inbox.states.map((state) => ({
      code: state.code,
      name: state.name,
      committed: state.committed,
      sections: [
        { key: "answer", title: "Amendments awaiting your delegation's position", links: view(state.toAnswer), dateLabel: "submitted" },
        { key: "own", title: "Your delegation's amendments under way", links: view(state.ownAmendments), dateLabel: "since" },
        { key: "silence", title: "Silence procedures", links: view(state.silence), dateLabel: "deadline" },
        { key: "brackets", title: "Square brackets your delegation holds", links: view(state.brackets), dateLabel: "" },
        { key: "positions", title: "Clauses without your delegation's position", links: view(state.positionsMissing), dateLabel: "" },
      ],
    })),
    chair: inbox.chair
      ? [
          { key: "decide", title: "Amendments awaiting your decision", links: view(inbox.chair.toDecide), dateLabel: "submitted" },
          { key: "silence", title: "Silence procedures under way", links: view(inbox.chair.silence), dateLabel: "deadline" },
        ]
      : null,
  };
}

interface SectionView {
  key: string;
  title: string;
  dateLabel: string;
  links: (InboxLink & { when: string | null })[];
}

function Section({ section, prefix }: { section: SectionView; prefix: string }) {
  const id = `${prefix}-${section.key}`;
  return (
    <section aria-labelledby={id} className="inbox-section">
      <h3 id={id}>
        {section.title} <span className="muted">({section.links.length})</span>
      </h3>
      {section.links.length ? (
        <ul>
          {section.links.map((link) => (
            <li key={`${link.href}:${link.text}`}>
              <Link to={link.href}>{link.text}</Link>
              {link.when && link.at ? (
                <>
                  {" "}
                  <span className="muted">
                    {section.dateLabel} <time dateTime={link.at}>{link.when}</time>
                  </span>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Nothing at the moment.</p>
      )}
    </section>
  );
}

export default function InboxPage() {
  const { states, chair } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Inbox</h1>
      {chair ? (
        <section aria-labelledby="inbox-chair">
          <h2 id="inbox-chair">For the chair</h2>
          {chair.map((section) => (
            <Section key={section.key} section={section} prefix="chair" />
          ))}
        </section>
      ) : null}
      {states.map((state) => (
        <section key={state.code} aria-labelledby={`inbox-${state.code}`}>
          <h2 id={`inbox-${state.code}`}>For the delegation of {state.name}</h2>
          {state.sections.map((section) => (
            <Section key={section.key} section={section} prefix={state.code} />
          ))}
        </section>
      ))}
      {!chair && states.length === 0 ? (
        <p>Nothing here needs you: the inbox gathers what a delegation or the chair has to answer.</p>
      ) : null}
    </>
  );
}
