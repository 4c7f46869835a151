// /log: the public transparency log explained for a reader who is not a cryptographer, with the
// current signed checkpoint (checked by the server at render), the verifier key, the latest
// entries, links to every endpoint, and the checks a reader can run in the browser. Public, and
// readable without JavaScript.
import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { LogVerifier } from "../components/log-verifier";
import { formatInstant } from "../lib/dates";
import { logOverview } from "../log-web/overview.server";

const LATEST = 20;

export const meta: MetaFunction = () => [
  { title: "Public log – Accord" },
  { name: "description", content: "Every pledge event on Accord is an entry in a public, signed, append-only log that anyone can check." },
];

export function loader() {
  const overview = logOverview(LATEST);
  return { ...overview, signedAtText: formatInstant(new Date(overview.signedAt)) };
}

export default function LogPage() {
  const log = useLoaderData<typeof loader>();
  const firstShown = Math.max(0, log.treeSize - LATEST);
  return (
    <>
      <h1>Public log</h1>
      <p className="lead">
        Every adoption of the code, every pledge to it, every withdrawal and every declaration is written into a public log.
        The log only grows: nothing in it can be changed or removed without it showing.
      </p>

      <h2>What the log proves</h2>
      <ul>
        <li>
          Every entry is covered by a checkpoint signed with Accord&apos;s log key. Anyone with the public verifier key can
          check it.
        </li>
        <li>
          A reader who keeps a signed checkpoint can check that every later one extends it: any rewrite, deletion or
          reordering of the entries it covers shows, and the two signed checkpoints are the evidence.
        </li>
        <li>An entry names the exact text a pledge refers to, through the text&apos;s SHA-256 digest.</li>
      </ul>
      <h2>What it does not prove</h2>
      <ul>
        <li>
          It does not prove that an entry is true: that the signer had authority, or that the effective date is right. It makes a
          statement attributable and permanent, not correct.
        </li>
        <li>It does not show that every event was logged. An event never written to the log is invisible in it.</li>
        <li>
          It cannot stop the key&apos;s holder from showing different people different logs, unless readers compare the checkpoints
          they hold.
        </li>
        <li>For a declaration, it holds only the digest of the text. The text itself is published beside the entry.</li>
      </ul>

      <h2>The current checkpoint</h2>
      <p>A checkpoint is the log&apos;s signed statement of its size and of one hash, the root, that covers every entry.</p>
      <dl className="summary-list">
        <dt>Entries</dt>
        <dd>{log.treeSize}</dd>
        <dt>Root hash (hexadecimal)</dt>
        <dd>
          <code className="digest">{log.rootHex}</code>
        </dd>
        <dt>Signed</dt>
        <dd>
          <time dateTime={log.signedAt}>{log.signedAtText}</time>
        </dd>
        <dt>Origin</dt>
        <dd>
          <code>{log.origin}</code>
        </dd>
        <dt>Verifier key</dt>
        <dd>
          <code className="digest">{log.verifierKey}</code>
        </dd>
        <dt>Server check</dt>
        <dd>
          {log.signatureProblem === null
            ? "The checkpoint's signature verified with the log's key when this page was made."
            : `The checkpoint's signature did NOT verify with the log's key when this page was made: ${log.signatureProblem}`}
        </dd>
      </dl>
      <p>The signed checkpoint, as served at <a href="/log/checkpoint">/log/checkpoint</a>:</p>
      <pre className="log-text">{log.note}</pre>
      <p className="muted">
        Get the verifier key from a source other than this site too, for example the participating governments&apos;
        publications, and compare: a check with a key taken from the log itself only proves the log is consistent with itself.
      </p>

      <h2>Check it yourself</h2>
      <LogVerifier logKey={log.verifierKey} />
      <p>
        Other ways: the command <code>npm run verify-log -- --url &lt;this site&gt;</code> from Accord&apos;s source, which also
        remembers the last checkpoint and checks the log only grew; or by hand with curl, Python and OpenSSL, as the guide{" "}
        <code>docs/verifying-the-log.md</code> in Accord&apos;s source describes.
      </p>

      <h2>Latest entries</h2>
      {log.latest.length === 0 ? (
        <p>The log has no entries yet.</p>
      ) : (
        <>
          <p>
            The last {log.latest.length} of {log.treeSize} entries, newest first. All entries:{" "}
            <a href={`/log/entries?start=${firstShown}&end=${log.treeSize}`}>
              /log/entries?start={firstShown}&amp;end={log.treeSize}
            </a>{" "}
            (at most 1,000 per request).
          </p>
          <ol className="plain-list" reversed>
            {log.latest.map((entry) => (
              <li key={entry.index}>
                <h3>Entry {entry.index}</h3>
                <pre className="log-text">{entry.text}</pre>
                <p className="muted">
                  Leaf hash <code className="digest">{entry.leafHex}</code> ·{" "}
                  <a href={`/log/proof/inclusion?index=${entry.index}&size=${log.treeSize}`}>proof that it is in the log</a>
                </p>
              </li>
            ))}
          </ol>
        </>
      )}

      <h2>The log&apos;s addresses</h2>
      <p>Anyone may read these, from any site. Their formats are published standards, so any program can check them.</p>
      <div className="table-wrap">
        <table>
          <caption>Public endpoints of the log</caption>
          <thead>
            <tr>
              <th scope="col">Address</th>
              <th scope="col">What it answers</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">
                <a href="/log/checkpoint">/log/checkpoint</a>
              </th>
              <td>The latest checkpoint, a signed note (C2SP tlog-checkpoint).</td>
            </tr>
            <tr>
              <th scope="row">
                <a href="/log/key">/log/key</a>
              </th>
              <td>The verifier key (C2SP signed-note, Ed25519).</td>
            </tr>
            <tr>
              <th scope="row">
                <a href={`/log/entries?start=0&end=${Math.min(Math.max(log.treeSize, 1), 1000)}`}>/log/entries?start=&amp;end=</a>
              </th>
              <td>Entries with their leaf hashes, at most 1,000 at a time, as JSON.</td>
            </tr>
            <tr>
              <th scope="row">
                {log.treeSize > 0 ? (
                  <a href={`/log/proof/inclusion?index=0&size=${log.treeSize}`}>/log/proof/inclusion?index=&amp;size=</a>
                ) : (
                  "/log/proof/inclusion?index=&size="
                )}
              </th>
              <td>The proof that an entry is in the log of a given size (RFC 9162).</td>
            </tr>
            <tr>
              <th scope="row">
                <a href={`/log/proof/consistency?from=0&to=${log.treeSize}`}>/log/proof/consistency?from=&amp;to=</a>
              </th>
              <td>The proof that the log of one size is the beginning of the log of a larger size (RFC 9162).</td>
            </tr>
          </tbody>
        </table>
      </div>
      <p>
        The pledges these entries record are listed on the <Link to="/pledges">pledges page</Link>.
      </p>
    </>
  );
}
