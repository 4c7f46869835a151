// An instrument's timeline: every step of its negotiation, newest first, each dated, attributed to a
// person and the state they acted for, and linked to what it concerns; filtered by kind and state with
// a GET form (bad values get a message, never a server error), paged by "older".
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "../auth/guards.server";
import { Breadcrumbs } from "../components/breadcrumbs";
import { ErrorSummary, SelectField } from "../components/forms";
import { InstrumentNav, instrumentPath } from "../components/instrument-nav";
import { instrumentActivity, type ActivityEntry } from "../drafting/activity.server";
import { ACTIVITY_KINDS, type ActivityKind } from "../lib/activity";
import { requireDraftContext } from "../drafting/draft-context.server";
import { formatInstant } from "../lib/dates";
import { parseForm } from "../lib/forms";
import { amendmentViewer } from "../models/amendment.server";
import { listStates } from "../models/state.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Activity – ${data.instrument.title} – Accord` : "Activity – Accord" },
];

const PAGE_SIZE = 50;
const KIND_KEYS = Object.keys(ACTIVITY_KINDS) as [ActivityKind, ...ActivityKind[]];
const blank = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

const filterSchema = z.object({
  kind: z.preprocess(blank, z.enum(KIND_KEYS, { errorMap: () => ({ message: "Choose a kind of step from the list" }) }).optional()),
  state: z.preprocess(blank, z.string().regex(/^[A-Z]{2}$/, "Choose a state from the list").optional()),
  before: z.preprocess(blank, z.coerce.number({ invalid_type_error: "This page link is not valid" }).int().positive().optional()),
});

interface EntryView extends Omit<ActivityEntry, "at"> {
  at: string;
  atIso: string;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requirePermission(request, "draft:read");
  const { instrument } = requireDraftContext(params.slug);
  const url = new URL(request.url);
  const form = new FormData();
  for (const [key, value] of url.searchParams) form.append(key, value);
  const result = parseForm(filterSchema, form);
  const page = {
    instrument: { slug: instrument.slug, title: instrument.title },
    kinds: KIND_KEYS.map((key) => ({ value: key, label: ACTIVITY_KINDS[key].label })),
    states: listStates().map((state) => ({ value: state.code, label: state.name })),
    values: { kind: url.searchParams.get("kind") ?? "", state: url.searchParams.get("state") ?? "" },
  };
  if (!result.ok) return json({ ...page, errors: result.errors, entries: [] as EntryView[], olderLink: null }, { status: 400 });
  const rows = instrumentActivity(instrument, amendmentViewer(principal), { ...result.data, stateCode: result.data.state, limit: PAGE_SIZE + 1 });
  const shown = rows.slice(0, PAGE_SIZE);
  const last = shown.at(-1);
  const older = new URLSearchParams(url.searchParams);
  if (last) older.set("before", String(last.id));
  return {
    ...page,
    errors: null,
    entries: shown.map((entry): EntryView => ({ ...entry, at: formatInstant(entry.at), atIso: entry.at.toISOString() })),
    olderLink: rows.length > PAGE_SIZE && last ? `?${older}` : null,
  };
}

export default function ActivityPage() {
  const { instrument, kinds, states, values, errors, entries, olderLink } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs trail={[{ to: "/dashboard", label: "Dashboard" }, { to: instrumentPath(instrument.slug, "text"), label: instrument.title }]} current="Activity" />
      <InstrumentNav slug={instrument.slug} current="activity" />
      <h1>Activity</h1>
      <ErrorSummary errors={errors ?? undefined} labels={{ kind: "Kind", state: "State" }} />
      <Form method="get" className="form form--inline" aria-label="Filter the activity">
        <SelectField name="kind" label="Kind" options={kinds} placeholder="All kinds" defaultValue={values.kind} errors={errors ?? undefined} />
        <SelectField name="state" label="State" options={states} placeholder="All states" defaultValue={values.state} errors={errors ?? undefined} />
        <button type="submit" className="button button--secondary">
          Show
        </button>
      </Form>
      {entries.length ? (
        <ol className="activity" reversed>
          {entries.map((entry) => (
            <li key={entry.id}>
              <time dateTime={entry.atIso}>{entry.at}</time>{" "}
              <span className="activity__who">
                {entry.who}
                {entry.stateName ? ` (${entry.stateName})` : ""}
              </span>{" "}
              {entry.href ? <Link to={entry.href}>{entry.what}</Link> : entry.what}
            </li>
          ))}
        </ol>
      ) : (
        <p>Nothing has happened here yet{values.kind || values.state ? " that matches these choices" : ""}.</p>
      )}
      {olderLink ? (
        <p>
          <Link to={olderLink}>Older steps</Link>
        </p>
      ) : null}
    </>
  );
}
