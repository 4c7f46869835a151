// The /log page's checks that run in the reader's browser: "Verify in this browser" fetches the
// whole log and checks it with the independent WebCrypto verifier (app/log-web/verify.ts), and
// "Check a proof bundle" checks a downloaded bundle without sending it anywhere. Both need
// JavaScript; until the page is interactive they are replaced by a pointer to the other ways.
// Its words come from the page, in the page's language (`labels`); the problems the verifier finds are
// its own English sentences, marked as English. Imports only browser-safe code: nothing from app/log
// (node:crypto), no *.server module, and not the i18n modules (the page translates).
import { useEffect, useState, type ChangeEvent, type ReactNode } from "react";
import { verifyBundleInBrowser, verifyLogInBrowser, type BundleCheckResult, type LogCheckProgress, type LogCheckResult } from "../log-web/verify";

type LogCheck = { state: "idle" } | { state: "running"; progress: LogCheckProgress | null } | { state: "done"; result: LogCheckResult };
type BundleCheck = { state: "idle" } | { state: "running"; file: string } | { state: "done"; file: string; result: BundleCheckResult } | { state: "failed"; file: string; problem: string };

function useInteractive(): boolean {
  const [interactive, setInteractive] = useState(false);
  useEffect(() => setInteractive(true), []);
  return interactive;
}

const fetchFromThisSite = (path: string) => fetch(path, { headers: { Accept: "text/plain, application/json" } });

/**
 * The verifier's words in the page's language. Hashes and keys are data: the component puts them in
 * `<code>` and hands them to the sentences that show them.
 */
export interface LogVerifierLabels {
  noScript: string;
  wholeTitle: string;
  wholeIntro: string;
  wholeButton: string;
  progressLabel: string;
  progress: (done: number, total: number) => string;
  checkingLog: string;
  logVerified: (values: { treeSize: number; root: ReactNode; keyName: string }) => ReactNode;
  logFailed: string;
  bundleTitle: string;
  bundleIntro: string;
  bundleFile: string;
  checkingBundle: (file: string) => string;
  bundleFailed: (file: string) => string;
  bundleOurs: (values: { file: string; pledge: string; entries: number; treeSize: number; keyName: string }) => ReactNode;
  bundleForeignTitle: string;
  bundleForeign: (values: { file: string; key: ReactNode; pledge: string }) => ReactNode;
  bundleAdoption: (values: { index: number; edition: string; digest: ReactNode }) => ReactNode;
  /** `kind` and `effectiveDate` as the entry carries them (a kind of the log, a date YYYY-MM-DD). */
  bundleEvent: (values: { index: number; kind: string; state: string; effectiveDate: string }) => ReactNode;
}

export function LogVerifier({ logKey, labels }: { logKey: string; labels: LogVerifierLabels }) {
  const interactive = useInteractive();
  if (!interactive) return <p className="muted">{labels.noScript}</p>;
  return (
    <>
      <WholeLogCheck labels={labels} />
      <BundleCheckForm logKey={logKey} labels={labels} />
    </>
  );
}

/** "Verify in this browser", with its progress and outcome (shown once the page is interactive). */
export function WholeLogCheck({ labels }: { labels: LogVerifierLabels }) {
  const [check, setCheck] = useState<LogCheck>({ state: "idle" });
  async function run() {
    setCheck({ state: "running", progress: null });
    const result = await verifyLogInBrowser(fetchFromThisSite, (progress) => setCheck({ state: "running", progress }));
    setCheck({ state: "done", result });
  }
  return (
    <section aria-labelledby="browser-check-title">
      <h3 id="browser-check-title">{labels.wholeTitle}</h3>
      <p>{labels.wholeIntro}</p>
      <p className="actions">
        <button type="button" className="button" onClick={() => void run()} disabled={check.state === "running"}>
          {labels.wholeButton}
        </button>
      </p>
      {check.state === "running" && check.progress ? (
        <p>
          <label htmlFor="log-check-progress">{labels.progressLabel} </label>
          <progress id="log-check-progress" value={check.progress.done} max={Math.max(check.progress.total, 1)}>
            {labels.progress(check.progress.done, check.progress.total)}
          </progress>{" "}
          {labels.progress(check.progress.done, check.progress.total)}
        </p>
      ) : null}
      <div aria-live="polite" role="status">
        {check.state === "running" ? <p>{labels.checkingLog}</p> : null}
        {check.state === "done" ? <LogCheckOutcome result={check.result} labels={labels} /> : null}
      </div>
    </section>
  );
}

function LogCheckOutcome({ result, labels }: { result: LogCheckResult; labels: LogVerifierLabels }) {
  if (result.ok) {
    return (
      <p className="notice">
        {labels.logVerified({ treeSize: result.treeSize, root: <code className="digest">{result.rootHex}</code>, keyName: result.keyName })}
      </p>
    );
  }
  return (
    <div className="error-summary">
      <h4>{labels.logFailed}</h4>
      {/* The verifier describes problems in English, whatever the page's language. */}
      <ul lang="en">
        {result.problems.map((problem) => (
          <li key={problem}>{problem}</li>
        ))}
      </ul>
    </div>
  );
}

function BundleCheckForm({ logKey, labels }: { logKey: string; labels: LogVerifierLabels }) {
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
      <h3 id="bundle-check-title">{labels.bundleTitle}</h3>
      <p>{labels.bundleIntro}</p>
      <div className="field">
        <label htmlFor="bundle-file">{labels.bundleFile}</label>
        <input id="bundle-file" type="file" accept="application/json,.json" onChange={(event) => void onFile(event)} />
      </div>
      <div aria-live="polite" role="status">
        {check.state === "running" ? <p>{labels.checkingBundle(check.file)}</p> : null}
        {check.state === "failed" ? (
          <div className="error-summary">
            <h4>{labels.bundleFailed(check.file)}</h4>
            {/* The verifier describes problems in English, whatever the page's language. */}
            <p lang="en">{check.problem}</p>
          </div>
        ) : null}
        {check.state === "done" ? <BundleOutcome file={check.file} result={check.result} logKey={logKey} labels={labels} /> : null}
      </div>
    </section>
  );
}

/**
 * What a bundle that passed its checks proves. Signed with the key this log serves, it is verified;
 * signed with any other key (a key anyone can make, under any name), it proves nothing about this
 * log, and the outcome says so first rather than under a "Verified".
 */
export function BundleOutcome({ file, result, logKey, labels }: { file: string; result: BundleCheckResult; logKey: string; labels: LogVerifierLabels }) {
  const [adoption, ...events] = result.entries;
  const fromThisLog = result.verifierKey === logKey;
  return (
    <div className={fromThisLog ? "notice" : "notice notice--warning"}>
      {fromThisLog ? (
        <p>
          {labels.bundleOurs({ file, pledge: result.pledge, entries: result.entries.length, treeSize: result.treeSize, keyName: result.keyName })}
        </p>
      ) : (
        <p>
          <strong>{labels.bundleForeignTitle}</strong>{" "}
          {labels.bundleForeign({ file, key: <code className="digest">{result.verifierKey}</code>, pledge: result.pledge })}
        </p>
      )}
      <ul>
        {adoption ? (
          <li>
            {labels.bundleAdoption({
              index: adoption.index,
              edition: adoption.fields.edition,
              digest: <code className="digest">{adoption.fields["text-digest"]}</code>,
            })}
          </li>
        ) : null}
        {events.map((entry) => (
          <li key={entry.index}>
            {labels.bundleEvent({ index: entry.index, kind: entry.fields.kind, state: entry.fields.state, effectiveDate: entry.fields["effective-date"] })}
          </li>
        ))}
      </ul>
    </div>
  );
}
