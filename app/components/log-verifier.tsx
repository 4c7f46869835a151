// The /log page's checks that run in the reader's browser: "Verify in this browser" fetches the
// whole log and checks it with the independent WebCrypto verifier (app/log-web/verify.ts), and
// "Check a proof bundle" checks a downloaded bundle without sending it anywhere. Both need
// JavaScript; until the page is interactive they are replaced by a pointer to the other ways.
// Imports only browser-safe code: nothing from app/log (node:crypto) and no *.server module.
import { useEffect, useState, type ChangeEvent } from "react";
import { verifyBundleInBrowser, verifyLogInBrowser, type BundleCheckResult, type LogCheckProgress, type LogCheckResult } from "../log-web/verify";

type LogCheck = { state: "idle" } | { state: "running"; progress: LogCheckProgress | null } | { state: "done"; result: LogCheckResult };
type BundleCheck = { state: "idle" } | { state: "running"; file: string } | { state: "done"; file: string; result: BundleCheckResult } | { state: "failed"; file: string; problem: string };

function useInteractive(): boolean {
  const [interactive, setInteractive] = useState(false);
  useEffect(() => setInteractive(true), []);
  return interactive;
}

const fetchFromThisSite = (path: string) => fetch(path, { headers: { Accept: "text/plain, application/json" } });

export function LogVerifier({ logKey }: { logKey: string }) {
  const interactive = useInteractive();
  if (!interactive) {
    return (
      <p className="muted">
        With JavaScript on, this page can check the whole log and proof bundles in your browser. Without it, use the command
        line verifier or the steps by hand described below.
      </p>
    );
  }
  return (
    <>
      <WholeLogCheck />
      <BundleCheckForm logKey={logKey} />
    </>
  );
}

function WholeLogCheck() {
  const [check, setCheck] = useState<LogCheck>({ state: "idle" });
  async function run() {
    setCheck({ state: "running", progress: null });
    const result = await verifyLogInBrowser(fetchFromThisSite, (progress) => setCheck({ state: "running", progress }));
    setCheck({ state: "done", result });
  }
  return (
    <section aria-labelledby="browser-check-title">
      <h3 id="browser-check-title">Verify the whole log in this browser</h3>
      <p>
        Your browser fetches the key, the checkpoint and every entry, recomputes every hash with its own cryptography, and
        checks the signature. Nothing is sent anywhere.
      </p>
      <p className="actions">
        <button type="button" className="button" onClick={() => void run()} disabled={check.state === "running"}>
          Verify in this browser
        </button>
      </p>
      {check.state === "running" && check.progress ? (
        <p>
          <label htmlFor="log-check-progress">Entries checked: </label>
          <progress id="log-check-progress" value={check.progress.done} max={Math.max(check.progress.total, 1)}>
            {check.progress.done} of {check.progress.total}
          </progress>{" "}
          {check.progress.done} of {check.progress.total}
        </p>
      ) : null}
      <div aria-live="polite" role="status">
        {check.state === "running" ? <p>Checking the log…</p> : null}
        {check.state === "done" ? <LogCheckOutcome result={check.result} /> : null}
      </div>
    </section>
  );
}

function LogCheckOutcome({ result }: { result: LogCheckResult }) {
  if (result.ok) {
    return (
      <p className="notice">
        Verified: {result.treeSize} {result.treeSize === 1 ? "entry" : "entries"}, root <code className="digest">{result.rootHex}</code>, signed
        by {result.keyName}.
      </p>
    );
  }
  return (
    <div className="error-summary">
      <h4>The log did not verify</h4>
      <ul>
        {result.problems.map((problem) => (
          <li key={problem}>{problem}</li>
        ))}
      </ul>
    </div>
  );
}

function BundleCheckForm({ logKey }: { logKey: string }) {
  const [check, setCheck] = useState<BundleCheck>({ state: "idle" });
  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.currentTarget.files?.[0];
    if (!file) return;
    setCheck({ state: "running", file: file.name });
    try {
      const result = await verifyBundleInBrowser(await file.text());
      setCheck({ state: "done", file: file.name, result });
    } catch (error) {
      setCheck({ state: "failed", file: file.name, problem: error instanceof Error ? error.message : String(error) });
    }
  }
  return (
    <section aria-labelledby="bundle-check-title">
      <h3 id="bundle-check-title">Check a proof bundle</h3>
      <p>A proof bundle is the file a pledge&apos;s page offers for download: the pledge&apos;s log entries with the proofs that they are in the log.</p>
      <div className="field">
        <label htmlFor="bundle-file">Check a proof bundle</label>
        <input id="bundle-file" type="file" accept="application/json,.json" onChange={(event) => void onFile(event)} />
      </div>
      <div aria-live="polite" role="status">
        {check.state === "running" ? <p>Checking {check.file}…</p> : null}
        {check.state === "failed" ? (
          <div className="error-summary">
            <h4>{check.file} did not verify</h4>
            <p>{check.problem}</p>
          </div>
        ) : null}
        {check.state === "done" ? <BundleOutcome file={check.file} result={check.result} logKey={logKey} /> : null}
      </div>
    </section>
  );
}

/**
 * What a bundle that passed its checks proves. Signed with the key this log serves, it is verified;
 * signed with any other key (a key anyone can make, under any name), it proves nothing about this
 * log, and the outcome says so first rather than under a "Verified".
 */
export function BundleOutcome({ file, result, logKey }: { file: string; result: BundleCheckResult; logKey: string }) {
  const [adoption, ...events] = result.entries;
  const fromThisLog = result.verifierKey === logKey;
  return (
    <div className={fromThisLog ? "notice" : "notice notice--warning"}>
      {fromThisLog ? (
        <p>
          Verified with this log&apos;s key: {file} proves pledge {result.pledge} with {result.entries.length} log entries in the
          checkpoint of size {result.treeSize}, signed by {result.keyName}.
        </p>
      ) : (
        <p>
          <strong>Not signed by this log.</strong> {file} is signed with the key <code className="digest">{result.verifierKey}</code>,
          not with the key this log serves. Its entries and proofs agree with that key only: it proves nothing about this log or
          pledge {result.pledge} in it.
        </p>
      )}
      <ul>
        {adoption ? (
          <li>
            Entry {adoption.index}: adoption of edition {adoption.fields.edition}, text SHA-256 <code className="digest">{adoption.fields["text-digest"]}</code>
          </li>
        ) : null}
        {events.map((entry) => (
          <li key={entry.index}>
            Entry {entry.index}: {entry.fields.kind} by {entry.fields.state}, effective {entry.fields["effective-date"]}
          </li>
        ))}
      </ul>
    </div>
  );
}
