// The public pledge list: every state's pledge to every adopted edition, withdrawn ones included with
// both dates, as a depositary's status list gives them. Anyone can compare it with the log.
import { json, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatIsoDate } from "../lib/dates";
import { matchesTag, notModified, pledgeListHeaders, pledgeListTag } from "../lib/pledge-http.server";
import { PLEDGE_KIND_LABELS, pledgeStatusText } from "../lib/pledges";
import { listPledges } from "../models/pledge.server";

export const meta: MetaFunction = () => [{ title: "Pledges – Accord" }];

// The layout shows who is signed in, so a cache keeps one copy per cookie.
const VARY = { Vary: "Cookie" };

export async function loader({ request }: LoaderFunctionArgs) {
  const tag = pledgeListTag("pledges");
  const headers = pledgeListHeaders(tag, VARY);
  if (matchesTag(request, tag)) throw notModified(headers);
  const pledges = listPledges();
  const active = pledges.filter((pledge) => pledge.status === "active");
  return json(
    {
      counts: {
        subscribing: active.filter((pledge) => pledge.kind === "subscription").length,
        endorsing: active.filter((pledge) => pledge.kind === "endorsement").length,
        withdrawn: pledges.length - active.length,
      },
      pledges: pledges.map((pledge) => ({
        id: pledge.id,
        state: pledge.state.name,
        kind: PLEDGE_KIND_LABELS[pledge.kind],
        edition: pledge.edition.title,
        effectiveDate: pledge.effectiveDate,
        declarations: pledge.declarations.map((declaration) => declaration.text),
        status: pledgeStatusText(pledge),
        withdrawn: pledge.status === "withdrawn",
      })),
    },
    { headers },
  );
}

// The page's caching headers, also on the 304 the loader throws (caught by this route's boundary,
// so that its headers are the answer's).
export const headers: HeadersFunction = ({ loaderHeaders, errorHeaders }) => {
  const source = errorHeaders ?? loaderHeaders;
  const picked = new Headers();
  for (const name of ["ETag", "Cache-Control", "Vary"]) {
    const value = source.get(name);
    if (value) picked.set(name, value);
  }
  return picked;
};

/** Shown in the layout when the list cannot be; a 304 has no body, so it is never seen then. */
export function ErrorBoundary() {
  return (
    <>
      <h1>Pledges</h1>
      <p>The pledge list could not be shown just now. Nothing was changed; please reload the page.</p>
    </>
  );
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export default function PledgesPage() {
  const { counts, pledges } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Pledges</h1>
      <p className="lead">
        {count(counts.subscribing, "state subscribes", "states subscribe")}, {count(counts.endorsing, "state endorses", "states endorse")};{" "}
        {count(counts.withdrawn, "pledge has", "pledges have")} been withdrawn.
      </p>
      <p>
        Every pledge, declaration and withdrawal below is an entry in the <Link to="/log">public transparency log</Link>. The same list
        is available as <a href="/pledges.json">open data (JSON)</a>.
      </p>
      {pledges.length ? (
        <div className="table-wrap">
          <table>
            <caption>Pledges by effective date; withdrawn pledges stay on the list</caption>
            <thead>
              <tr>
                <th scope="col">State</th>
                <th scope="col">Kind</th>
                <th scope="col">Edition</th>
                <th scope="col">Effective date</th>
                <th scope="col">Declaration</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {pledges.map((pledge) => (
                <tr key={pledge.id}>
                  <th scope="row">
                    <Link to={`/pledges/${pledge.id}`}>{pledge.state}</Link>
                  </th>
                  <td>{pledge.kind}</td>
                  <td>{pledge.edition}</td>
                  <td>
                    <time dateTime={pledge.effectiveDate}>{formatIsoDate(pledge.effectiveDate)}</time>
                  </td>
                  <td>{pledge.declarations.length ? pledge.declarations.map((text, index) => (
                        <p key={index} className="declaration">
                          {text}
                        </p>
                      )) : "—"}</td>
                  <td>{pledge.withdrawn ? <span className="status status--withdrawn">{pledge.status}</span> : pledge.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>No state has pledged yet.</p>
      )}
    </>
  );
}
