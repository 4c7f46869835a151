// One pledge, publicly: its facts, each of its events with the log entry that records it, and how to
// check the record without trusting Accord.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "../components/breadcrumbs";
import { formatInstant, formatIsoDate } from "../lib/dates";
import { PLEDGE_CHANNEL_LABELS, PLEDGE_KIND_LABELS, parsePledgeId, pledgeStatusText } from "../lib/pledges";
import { getPledge, type PublicPledge } from "../models/pledge.server";
import { latestCheckpoint } from "../models/transparency-log.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Pledge ${data.pledge.id} of ${data.pledge.state} – Accord` : "Pledge – Accord" },
];

interface PledgeEvent {
  logIndex: number;
  title: string;
  date: string;
  text: string | null;
  digest: string | null;
}

/** The pledge's events in log order, each with what the entry attests. */
function eventsOf(pledge: PublicPledge): PledgeEvent[] {
  const events: PledgeEvent[] = [
    {
      logIndex: pledge.logIndex,
      title: pledge.kind === "subscription" ? "Subscription" : "Endorsement",
      date: `effective ${formatIsoDate(pledge.effectiveDate)}, recorded ${formatInstant(pledge.recordedAt)}`,
      text: null,
      digest: null,
    },
    ...pledge.declarations.map((declaration) => ({
      logIndex: declaration.logIndex,
      title: "Declaration",
      date: `recorded ${formatInstant(declaration.recordedAt)}`,
      text: declaration.text,
      digest: declaration.digest,
    })),
  ];
  if (pledge.withdrawal) {
    events.push({
      logIndex: pledge.withdrawal.logIndex,
      title: "Withdrawal",
      date: `effective ${formatIsoDate(pledge.withdrawal.effectiveDate)}, recorded ${formatInstant(pledge.withdrawal.recordedAt)}`,
      text: pledge.withdrawal.reason,
      digest: null,
    });
  }
  return events.sort((a, b) => a.logIndex - b.logIndex);
}

export async function loader({ params }: LoaderFunctionArgs) {
  const id = parsePledgeId(params.id);
  const pledge = id === null ? undefined : getPledge(id);
  if (!pledge) throw json({ message: "There is no pledge with this number." }, { status: 404 });
  return {
    pledge: {
      id: pledge.id,
      state: pledge.state.name,
      kind: PLEDGE_KIND_LABELS[pledge.kind],
      channel: PLEDGE_CHANNEL_LABELS[pledge.channel],
      status: pledgeStatusText(pledge),
      edition: { title: pledge.edition.title, slug: pledge.edition.slug, digest: pledge.edition.digest },
    },
    events: eventsOf(pledge),
    treeSize: latestCheckpoint().treeSize,
  };
}

export default function PledgePage() {
  const { pledge, events, treeSize } = useLoaderData<typeof loader>();
  const bundle = `/pledges/${pledge.id}/proof.json`;
  return (
    <>
      <Breadcrumbs trail={[{ to: "/pledges", label: "Pledges" }]} current={`Pledge ${pledge.id}`} />
      <h1>
        {pledge.state}: pledge {pledge.id}
      </h1>
      <dl className="summary-list">
        <dt>State</dt>
        <dd>{pledge.state}</dd>
        <dt>Kind</dt>
        <dd>{pledge.kind}</dd>
        <dt>Status</dt>
        <dd>{pledge.status}</dd>
        <dt>Edition</dt>
        <dd>
          {pledge.edition.title} (<code>{pledge.edition.slug}</code>)
        </dd>
        <dt>SHA-256 of the edition&apos;s text</dt>
        <dd>
          <code className="digest">{pledge.edition.digest}</code>
        </dd>
        <dt>How it reached Accord</dt>
        <dd>{pledge.channel}</dd>
      </dl>

      <h2>Events</h2>
      <ol className="plain-list pledge-events">
        {events.map((event) => (
          <li key={event.logIndex} className="card">
            <h3>{event.title}</h3>
            <p>{event.date}</p>
            {event.text ? <blockquote className="declaration">{event.text}</blockquote> : null}
            {event.digest ? (
              <p>
                SHA-256 of the declaration: <code className="digest">{event.digest}</code>
              </p>
            ) : null}
            <p>
              Log entry {event.logIndex}:{" "}
              <a href={`/log/proof/inclusion?index=${event.logIndex}&size=${treeSize}`}>its inclusion proof in the log of {treeSize} entries</a>
            </p>
          </li>
        ))}
      </ol>

      <h2>Check this record</h2>
      <p>
        <a href={bundle} download>
          Download the proof bundle
        </a>{" "}
        (JSON): the log entries of this pledge and of the edition&apos;s adoption, with their inclusion proofs and the log&apos;s
        signed checkpoint.
      </p>
      <p>
        Run <code>npm run verify-log -- --bundle accord-pledge-{pledge.id}-proof.json</code> from Accord&apos;s source code: it checks
        the checkpoint&apos;s signature with the log&apos;s key, that each entry is in the log the checkpoint signs, and that each
        declaration published here is the text its entry names by digest. Compare the key in the bundle with the one published at{" "}
        <a href="/log/key">/log/key</a>, and the text&apos;s digest with the adopted text you hold. The whole log, and how to check it
        from its first entry, is described at <Link to="/log">/log</Link>.
      </p>
    </>
  );
}
