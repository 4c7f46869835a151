// The audit trail: who did what, when, for which state and from where. Rows are append-only in
// the database (triggers); this module only inserts and reads.
import { and, desc, eq, gt, gte, like, lt, or, sql, type SQL } from "drizzle-orm";
import { db } from "../../db/client";
import { auditEvents, users, type AuditEventRow } from "../../db/schema";
import { nowMs } from "../lib/clock.server";

export interface Actor {
  userId: number | null;
  stateCode?: string | null;
  ipAddress?: string | null;
}

export const SYSTEM_ACTOR: Actor = { userId: null, stateCode: null, ipAddress: null };

export interface AuditInput {
  action: string;
  /** The instrument whose negotiation timeline shows the event. */
  instrumentId?: number;
  subjectType?: string;
  subjectId?: string | number;
  details?: Record<string, unknown>;
}

/** Appends one event. Call it inside the same transaction as the change it records. */
export function recordAuditEvent(actor: Actor, event: AuditInput): AuditEventRow {
  return db()
    .insert(auditEvents)
    .values({
      at: new Date(nowMs()),
      actorUserId: actor.userId,
      actorStateCode: actor.stateCode ?? null,
      action: event.action,
      subjectType: event.subjectType ?? null,
      subjectId: event.subjectId == null ? null : String(event.subjectId),
      ipAddress: actor.ipAddress ?? null,
      instrumentId: event.instrumentId ?? null,
      details: JSON.stringify(event.details ?? {}),
    })
    .returning()
    .get();
}

export interface AuditFilter {
  action?: string;
  actorUserId?: number;
  stateCode?: string;
  subject?: string;
  instrumentId?: number;
  from?: string; // YYYY-MM-DD, inclusive
  to?: string; // YYYY-MM-DD, inclusive
  before?: number; // id, for paging backwards
  after?: number; // id: only events recorded after this one
  limit?: number;
}

export interface AuditEntry extends AuditEventRow {
  actorEmail: string | null;
  actorName: string | null;
}

const DAY_MS = 86_400_000;

export function listAuditEvents(filter: AuditFilter = {}): AuditEntry[] {
  const conditions: SQL[] = [];
  if (filter.action) conditions.push(like(auditEvents.action, `${filter.action}%`));
  if (filter.actorUserId) conditions.push(eq(auditEvents.actorUserId, filter.actorUserId));
  if (filter.stateCode) {
    const state = filter.stateCode;
    conditions.push(
      or(
        eq(auditEvents.actorStateCode, state),
        and(eq(auditEvents.subjectType, "state"), eq(auditEvents.subjectId, state)),
        sql`json_extract(${auditEvents.details}, '$.stateCode') = ${state}`,
      )!,
    );
  }
  if (filter.subject) {
    const [type, id] = filter.subject.split(":");
    if (type) conditions.push(eq(auditEvents.subjectType, type));
    if (id) conditions.push(eq(auditEvents.subjectId, id));
  }
  if (filter.instrumentId) conditions.push(eq(auditEvents.instrumentId, filter.instrumentId));
  if (filter.from) conditions.push(gte(auditEvents.at, new Date(`${filter.from}T00:00:00Z`)));
  if (filter.to) conditions.push(lt(auditEvents.at, new Date(Date.parse(`${filter.to}T00:00:00Z`) + DAY_MS)));
  if (filter.before) conditions.push(lt(auditEvents.id, filter.before));
  if (filter.after) conditions.push(gt(auditEvents.id, filter.after));
  return db()
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      actorUserId: auditEvents.actorUserId,
      actorStateCode: auditEvents.actorStateCode,
      action: auditEvents.action,
      subjectType: auditEvents.subjectType,
      subjectId: auditEvents.subjectId,
      ipAddress: auditEvents.ipAddress,
      instrumentId: auditEvents.instrumentId,
      details: auditEvents.details,
      actorEmail: users.email,
      actorName: users.name,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(auditEvents.id))
    .limit(Math.min(filter.limit ?? 100, 500))
    .all();
}

/** The distinct action names recorded so far, for the filter's choices. */
export function listAuditActions(): string[] {
  return db()
    .selectDistinct({ action: auditEvents.action })
    .from(auditEvents)
    .orderBy(auditEvents.action)
    .all()
    .map((row) => row.action);
}
