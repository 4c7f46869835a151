// The comment threads of a draft: filterable by clause, state and status (a GET form), each with the text it
// is about (or that text as it was, when it has been deleted), its clause, status, who opened it and its
// replies. Anyone who comments gets a form to comment on a whole clause, without JavaScript. The drafting
// page posts comments on a passage here too, with the passage's anchor in hidden fields.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { actorOf, forbidden, requirePermission } from "../auth/guards.server";
import { can, grantFor } from "../auth/permissions";
import { Breadcrumbs } from "../components/breadcrumbs";
import { ErrorSummary, SelectField, TextAreaField } from "../components/forms";
import { InstrumentNav, instrumentPath } from "../components/instrument-nav";
import {
  base64ToBytes,
  clauseCommentSchema,
  COMMENT_BODY_MAX,
  passageCommentSchema,
  threadFilterSchema,
} from "../drafting/comment-fields";
import { requireDraftContext } from "../drafting/draft-context.server";
import { formatInstant } from "../lib/dates";
import { formFailure, parseForm, readForm, ruleFailure } from "../lib/forms";
import { withNotice } from "../lib/notices";
import { RuleError } from "../lib/rule-error";
import { NotPermittedError } from "../models/acting.server";
import { commentableClauses, commentOnClause, commentOnPassage, listThreads, threadStateCodes } from "../models/comment.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Comments – ${data.instrument.title} – Accord` : "Comments – Accord" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requirePermission(request, "draft:read");
  const { instrument, document } = requireDraftContext(params.slug);
  const url = new URL(request.url);
  const filter = threadFilterSchema.parse(Object.fromEntries(url.searchParams));
  const threads = listThreads(document, { clauseId: filter.clause, stateCode: filter.state, status: filter.status });
  return {
    instrument: { slug: instrument.slug, title: instrument.title },
    filter: { clause: filter.clause ?? "", state: filter.state ?? "", status: filter.status },
    clauses: commentableClauses(document),
    states: threadStateCodes(document.id),
    threads: threads.map((thread) => ({
      id: thread.id,
      kind: thread.kind,
      status: thread.status,
      attached: thread.attached,
      text: thread.text,
      clauseNumber: thread.clauseNumber,
      authorName: thread.authorName,
      stateCode: thread.stateCode,
      createdAt: formatInstant(thread.createdAt),
      createdAtIso: thread.createdAt.toISOString(),
      replies: thread.replies,
    })),
    canComment: can(principal, "comment:write"),
  };
}

function isPassage(formData: FormData): boolean {
  return formData.has("anchorStart") || formData.has("anchorEnd") || formData.has("quote");
}

/** Runs a comment; a refused rule is a 400 beside its field, a refused person a 403. */
function attempt(formData: FormData, comment: () => number, slug: string) {
  let threadId: number;
  try {
    threadId = comment();
  } catch (error) {
    if (error instanceof NotPermittedError) throw forbidden(error.message);
    if (error instanceof RuleError) return ruleFailure(error, formData);
    throw error;
  }
  // The drafting page posts with a fetcher and stays where it is; a plain form goes to the new thread.
  if (formData.get("via") === "editor") return json({ ok: true as const, threadId }, { status: 201 });
  return redirect(withNotice(`${instrumentPath(slug, "comments")}/${threadId}`, "comment-added"), 303);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const sessionUser = await requirePermission(request, "comment:write");
  const { instrument, document } = requireDraftContext(params.slug);
  const formData = await readForm(request);
  // The state they comment for: their delegation's (the chair, and observers without a state, for none).
  const actor = actorOf(sessionUser, context, grantFor(sessionUser.principal, "comment:write")?.stateCode ?? null);
  if (isPassage(formData)) {
    const result = parseForm(passageCommentSchema, formData);
    if (!result.ok) return formFailure(result, 400);
    const { body, anchorStart, anchorEnd, quote, clauseId } = result.data;
    const anchor = { start: base64ToBytes(anchorStart), end: base64ToBytes(anchorEnd), quote, clauseId: clauseId || null };
    return attempt(formData, () => commentOnPassage(actor, document, { anchor, body }), instrument.slug);
  }
  const result = parseForm(clauseCommentSchema, formData);
  if (!result.ok) return formFailure(result, 400);
  const { data } = result;
  return attempt(formData, () => commentOnClause(actor, document, data), instrument.slug);
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

const STATUS_CHOICES = [
  { value: "open", label: "Open" },
  { value: "resolved", label: "Resolved" },
  { value: "all", label: "Open and resolved" },
];

function Filters({ data }: { data: LoaderData }) {
  return (
    <Form method="get" className="form form--inline" aria-labelledby="filter-heading">
      <h2 id="filter-heading" className="visually-hidden">
        Filter the threads
      </h2>
      <SelectField
        name="clause"
        label="Clause"
        placeholder="All clauses"
        options={data.clauses.map((clause) => ({ value: clause.id, label: `${clause.number} ${clause.excerpt}` }))}
        defaultValue={data.filter.clause}
      />
      <SelectField name="state" label="State" placeholder="All states" options={data.states.map((code) => ({ value: code, label: code }))} defaultValue={data.filter.state} />
      <SelectField name="status" label="Status" options={STATUS_CHOICES} defaultValue={data.filter.status} />
      <button type="submit" className="button button--secondary">
        Show threads
      </button>
    </Form>
  );
}

function ThreadRow({ thread, base }: { thread: LoaderData["threads"][number]; base: string }) {
  return (
    <tr>
      <td>
        <blockquote className={`comment-quote${thread.attached ? "" : " comment-quote--detached"}`}>{thread.text}</blockquote>
        {thread.attached ? null : (
          <span className="comment-detached">{thread.kind === "clause" ? "Clause deleted from the draft" : "Text deleted from the draft"}</span>
        )}
      </td>
      <td>{thread.clauseNumber ?? <span className="muted">{thread.kind === "clause" ? "—" : "Not in a clause"}</span>}</td>
      <td>
        <span className={`comment-status comment-status--${thread.status}`}>{thread.status === "open" ? "Open" : "Resolved"}</span>
      </td>
      <td>
        {thread.authorName}
        {thread.stateCode ? ` (${thread.stateCode})` : ""}, <time dateTime={thread.createdAtIso}>{thread.createdAt}</time>
      </td>
      <td>{thread.replies}</td>
      <td>
        <Link to={`${base}/${thread.id}`}>
          Open thread {thread.id}
          <span className="visually-hidden"> on {thread.clauseNumber ? `clause ${thread.clauseNumber}` : "the text"}</span>
        </Link>
      </td>
    </tr>
  );
}

const LABELS = { clauseId: "Clause", body: "Comment" };

function ClauseCommentForm({ data }: { data: LoaderData }) {
  const failure = useActionData<typeof action>();
  const errors = failure && "errors" in failure ? failure.errors : undefined;
  const values = failure && "values" in failure ? failure.values : undefined;
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <h2 id="comment-on-clause">Comment on a whole clause</h2>
      <p className="muted">To comment on a passage, select it in the drafting page and choose Comment.</p>
      <ErrorSummary errors={errors} labels={LABELS} />
      <Form method="post" className="form" aria-labelledby="comment-on-clause" noValidate>
        <SelectField
          name="clauseId"
          label={LABELS.clauseId}
          placeholder="Choose a clause"
          options={data.clauses.map((clause) => ({ value: clause.id, label: `${clause.number} ${clause.excerpt}` }))}
          defaultValue={values?.clauseId ?? data.filter.clause}
          errors={errors}
          required
        />
        <TextAreaField name="body" label={LABELS.body} rows={4} maxLength={COMMENT_BODY_MAX} errors={errors} defaultValue={values?.body} required />
        <button type="submit" className="button" disabled={busy}>
          Comment on the clause
        </button>
      </Form>
    </>
  );
}

export default function CommentsPage() {
  const data = useLoaderData<typeof loader>();
  const base = instrumentPath(data.instrument.slug, "comments");
  return (
    <>
      <Breadcrumbs trail={[{ to: "/dashboard", label: "Dashboard" }, { to: instrumentPath(data.instrument.slug, "text"), label: data.instrument.title }]} current="Comments" />
      <InstrumentNav slug={data.instrument.slug} current="comments" />
      <h1>Comments</h1>
      <Filters data={data} />
      {data.threads.length ? (
        <div className="table-wrap">
          <table className="comment-threads">
            <caption>
              {data.threads.length} {data.threads.length === 1 ? "thread" : "threads"}, newest first
            </caption>
            <thead>
              <tr>
                <th scope="col">Text commented on</th>
                <th scope="col">Clause</th>
                <th scope="col">Status</th>
                <th scope="col">Opened by</th>
                <th scope="col">Replies</th>
                <th scope="col">Thread</th>
              </tr>
            </thead>
            <tbody>
              {data.threads.map((thread) => (
                <ThreadRow key={thread.id} thread={thread} base={base} />
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>No thread matches these filters.</p>
      )}
      {data.canComment ? <ClauseCommentForm data={data} /> : null}
    </>
  );
}
