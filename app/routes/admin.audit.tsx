// The audit trail, newest first, filtered by a GET form whose values are parsed like any form:
// a bad date gets a message beside its field (400), never a server error.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Fragment } from "react";
import { z } from "zod";
import { requirePermission } from "../auth/guards.server";
import { ErrorSummary, Field, SelectField } from "../components/forms";
import { emailSchema, isoDateSchema, parseForm, type FieldErrors } from "../lib/forms";
import { listAuditActions, listAuditEvents, type AuditEntry } from "../models/audit.server";
import { listStates } from "../models/state.server";
import { findUserByEmail } from "../models/user.server";
import { Breadcrumbs } from "../components/breadcrumbs";
import { formatInstantToSecond } from "../lib/dates";

export const meta: MetaFunction = () => [{ title: "Audit trail – Administration – Accord" }];

const PAGE_SIZE = 50;

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const optional = <S extends z.ZodTypeAny>(schema: S) => z.preprocess(blankToUndefined, schema.optional());

const auditFilterSchema = z
  .object({
    action: optional(
      z.string().trim().max(100, "Choose an action from the list").regex(/^[a-z0-9_.-]+$/, "Choose an action from the list"),
    ),
    actor: optional(emailSchema),
    state: optional(
      z
        .string()
        .trim()
        .regex(/^[A-Za-z]{2}$/, "Choose a state from the list")
        .transform((code) => code.toUpperCase()),
    ),
    from: optional(isoDateSchema),
    to: optional(isoDateSchema),
    before: optional(z.coerce.number({ invalid_type_error: "This page link is not valid" }).int().positive()),
  })
  .refine((filter) => !filter.from || !filter.to || filter.from <= filter.to, {
    path: ["to"],
    message: "The end date must be the same as or after the start date",
  });

type AuditFilterValues = Partial<Record<"action" | "actor" | "state" | "from" | "to", string>>;

interface AuditPageData {
  actions: string[];
  states: { code: string; name: string }[];
  values: AuditFilterValues;
  errors: FieldErrors | null;
  events: AuditEventView[];
  olderLink: string | null;
  newestLink: string | null;
  unknownActor: boolean;
}

function searchForm(url: URL): FormData {
  const formData = new FormData();
  for (const [key, value] of url.searchParams) formData.append(key, value);
  return formData;
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "audit:read");
  const url = new URL(request.url);
  const choices = { actions: listAuditActions(), states: listStates() };
  const result = parseForm(auditFilterSchema, searchForm(url));
  const typed: AuditFilterValues = {};
  for (const key of ["action", "actor", "state", "from", "to"] as const) {
    const value = url.searchParams.get(key);
    if (value) typed[key] = value.slice(0, 254);
  }
  if (!result.ok) {
    return json<AuditPageData>(
      { ...choices, values: typed, errors: result.errors, events: [], olderLink: null, newestLink: null, unknownActor: false },
      { status: 400 },
    );
  }
  const filter = result.data;
  const actor = filter.actor ? findUserByEmail(filter.actor) : undefined;
  // An email nobody has means no events, not every event.
  const unknownActor = Boolean(filter.actor && !actor);
  const rows = unknownActor
    ? []
    : listAuditEvents({
        action: filter.action,
        actorUserId: actor?.id,
        stateCode: filter.state,
        from: filter.from,
        to: filter.to,
        before: filter.before,
        limit: PAGE_SIZE + 1,
      });
  const page = rows.slice(0, PAGE_SIZE);
  const last = page.at(-1);
  const olderLink = rows.length > PAGE_SIZE && last ? pageLink(url, last.id) : null;
  return json<AuditPageData>({
    ...choices,
    values: typed,
    errors: null,
    events: page.map(presentEvent),
    olderLink,
    newestLink: filter.before ? pageLink(url, null) : null,
    unknownActor,
  });
}

function pageLink(url: URL, before: number | null): string {
  const params = new URLSearchParams(url.searchParams);
  params.delete("notice");
  if (before === null) params.delete("before");
  else params.set("before", String(before));
  return `/admin/audit?${params}`;
}

type AuditEventView = ReturnType<typeof presentEvent>;

/** The state an event concerns, as the state filter matches it: who acted for it, or what it was about. */
function stateOf(event: AuditEntry, details: Record<string, unknown> | null): string | null {
  if (event.actorStateCode) return event.actorStateCode;
  if (typeof details?.stateCode === "string") return details.stateCode;
  return event.subjectType === "state" ? event.subjectId : null;
}

function parseDetails(details: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(details);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function presentEvent(event: AuditEntry) {
  const details = parseDetails(event.details);
  return {
    id: event.id,
    at: formatInstantToSecond(event.at),
    atIso: event.at.toISOString(),
    actorName: event.actorName,
    actorEmail: event.actorEmail,
    actorUserId: event.actorUserId,
    stateCode: stateOf(event, details),
    action: event.action,
    subject: subjectOf(event),
    ipAddress: event.ipAddress,
    details: details ? readableDetails(details) : [{ label: "details", value: event.details }],
  };
}

function subjectOf(event: AuditEntry): { label: string; href: string | null } | null {
  if (!event.subjectType) return null;
  const id = event.subjectId ?? "";
  const label = id ? `${event.subjectType} ${id}` : event.subjectType;
  if (event.subjectType === "state" && /^[A-Z]{2}$/.test(id)) return { label, href: `/admin/states/${id}` };
  if (event.subjectType === "user" && /^\d+$/.test(id)) return { label, href: `/admin/users/${id}` };
  return { label, href: null };
}

/** The details object as label/value pairs: `stateCode: "NO"` reads "state code: NO". */
function readableDetails(details: Record<string, unknown>): { label: string; value: string }[] {
  return Object.entries(details).map(([key, value]) => ({
    label: key.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/_/g, " ").toLowerCase(),
    value: value === null ? "none" : typeof value === "object" ? JSON.stringify(value) : String(value),
  }));
}

const LABELS = { action: "Action", actor: "Who (email)", state: "State", from: "From", to: "To" };

export default function AuditPage() {
  const data = useLoaderData<typeof loader>();
  const { values, errors, events } = data;
  return (
    <>
      <Breadcrumbs trail={[{ to: "/admin", label: "Administration" }]} current={"Audit trail"} />
      <h1>Audit trail</h1>
      <p>Every change is recorded here with who made it, when (in UTC) and from which address. Entries are never edited or deleted.</p>
      <ErrorSummary errors={errors ?? undefined} labels={LABELS} />
      <Form method="get" action="/admin/audit" className="form form--wide" aria-label="Filter the audit trail" noValidate>
        <div className="form-row">
          <SelectField
            name="action"
            label={LABELS.action}
            placeholder="All actions"
            options={data.actions.map((action) => ({ value: action, label: action }))}
            defaultValue={values.action ?? ""}
            errors={errors ?? undefined}
          />
          <Field name="actor" type="text" inputMode="email" label={LABELS.actor} defaultValue={values.actor ?? ""} errors={errors ?? undefined} />
          <SelectField
            name="state"
            label={LABELS.state}
            placeholder="All states"
            options={data.states.map((state) => ({ value: state.code, label: state.name }))}
            defaultValue={values.state ?? ""}
            errors={errors ?? undefined}
          />
        </div>
        <div className="form-row">
          <Field name="from" type="date" label={LABELS.from} defaultValue={values.from ?? ""} errors={errors ?? undefined} />
          <Field name="to" type="date" label={LABELS.to} defaultValue={values.to ?? ""} errors={errors ?? undefined} />
        </div>
        <p className="actions">
          <button type="submit" className="button">
            Filter
          </button>
          <Link to="/admin/audit">Clear the filter</Link>
        </p>
      </Form>

      {errors ? null : (
        <>
          <p role="status">
            {data.unknownActor
              ? "No account has this email address, so no events are shown."
              : `Showing ${events.length.toLocaleString("en")} ${events.length === 1 ? "event" : "events"}${data.newestLink ? " (older page)" : ""}, newest first.`}
          </p>
          {events.length ? (
            <div className="table-wrap">
              <table>
                <caption>Audit events</caption>
                <thead>
                  <tr>
                    <th scope="col">When (UTC)</th>
                    <th scope="col">Who</th>
                    <th scope="col">State</th>
                    <th scope="col">Action</th>
                    <th scope="col">Subject</th>
                    <th scope="col">Address</th>
                    <th scope="col">Details</th>
                  </tr>
                </thead>
                <tbody>
                  {events.map((event) => (
                    <tr key={event.id}>
                      <td>
                        <time dateTime={event.atIso}>{event.at}</time>
                      </td>
                      <td>
                        {event.actorUserId !== null ? (
                          <>
                            <Link to={`/admin/users/${event.actorUserId}`}>{event.actorName ?? `Account ${event.actorUserId}`}</Link>
                            {event.actorEmail ? (
                              <>
                                <br />
                                <span className="muted">{event.actorEmail}</span>
                              </>
                            ) : null}
                          </>
                        ) : (
                          <span className="muted">System</span>
                        )}
                      </td>
                      <td className="mono">{event.stateCode ?? ""}</td>
                      <td className="mono">{event.action}</td>
                      <td>
                        {event.subject ? (
                          event.subject.href ? <Link to={event.subject.href}>{event.subject.label}</Link> : event.subject.label
                        ) : null}
                      </td>
                      <td className="mono">{event.ipAddress ?? ""}</td>
                      <td>
                        {event.details.length ? (
                          <dl className="audit-details">
                            {event.details.map((detail) => (
                              <Fragment key={detail.label}>
                                <dt>{detail.label}</dt>
                                <dd>{detail.value}</dd>
                              </Fragment>
                            ))}
                          </dl>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          <p className="actions">
            {data.olderLink ? <Link to={data.olderLink}>Older events</Link> : null}
            {data.newestLink ? <Link to={data.newestLink}>Newest events</Link> : null}
          </p>
        </>
      )}
    </>
  );
}
