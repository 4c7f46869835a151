// The single source of truth for Accord's tables. Migrations are generated from this file by
// drizzle-kit (`npm run db:generate`), reviewed and committed under db/migrations.
// Instants are integer milliseconds since the epoch; calendar dates (an effective date, an
// adoption date) are ISO `YYYY-MM-DD` text because they are dates on paper, not moments.
import { sql } from "drizzle-orm";
import {
  blob,
  check,
  index,
  integer,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

export const ROLES = ["chair", "delegate", "signer", "observer"] as const;
export type Role = (typeof ROLES)[number];

export const PARTICIPATION_STATUSES = [
  "invited",
  "observer",
  "supporter",
  "committed",
  "withdrawn",
] as const;
export type ParticipationStatus = (typeof PARTICIPATION_STATUSES)[number];

const instant = (name: string) => integer(name, { mode: "timestamp_ms" });

export const states = sqliteTable(
  "states",
  {
    // ISO 3166-1 alpha-2, upper case; XK is the code in common use for Kosovo.
    code: text("code").primaryKey(),
    name: text("name").notNull(),
    createdAt: instant("created_at").notNull(),
  },
  (t) => [check("states_code_format", sql`${t.code} GLOB '[A-Z][A-Z]'`)],
);

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    // Stored lower-cased and trimmed; compared as stored.
    email: text("email").notNull(),
    name: text("name").notNull(),
    // Null until the person has set a password through an invitation.
    passwordHash: text("password_hash"),
    createdAt: instant("created_at").notNull(),
    disabledAt: instant("disabled_at"),
  },
  (t) => [uniqueIndex("users_email_unique").on(t.email)],
);

export const memberships = sqliteTable(
  "memberships",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    // Null for the chair and for observers from an international organisation.
    stateCode: text("state_code").references(() => states.code),
    role: text("role", { enum: ROLES }).notNull(),
    createdAt: instant("created_at").notNull(),
    createdBy: integer("created_by").references(() => users.id),
  },
  (t) => [
    check("memberships_role", sql`${t.role} IN ('chair','delegate','signer','observer')`),
    check(
      "memberships_state_for_role",
      sql`(${t.role} = 'chair' AND ${t.stateCode} IS NULL) OR (${t.role} IN ('delegate','signer') AND ${t.stateCode} IS NOT NULL) OR ${t.role} = 'observer'`,
    ),
    // SQLite treats NULLs as distinct in a unique index, hence one partial index for each case.
    uniqueIndex("memberships_unique_state_role").on(t.userId, t.stateCode, t.role).where(sql`${t.stateCode} IS NOT NULL`),
    uniqueIndex("memberships_unique_role").on(t.userId, t.role).where(sql`${t.stateCode} IS NULL`),
    index("memberships_state").on(t.stateCode),
  ],
);

export const participationRecords = sqliteTable(
  "participation_records",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    stateCode: text("state_code")
      .notNull()
      .references(() => states.code),
    status: text("status", { enum: PARTICIPATION_STATUSES }).notNull(),
    effectiveDate: text("effective_date").notNull(),
    sourceNote: text("source_note").notNull(),
    recordedBy: integer("recorded_by").references(() => users.id),
    recordedAt: instant("recorded_at").notNull(),
  },
  (t) => [
    check(
      "participation_status",
      sql`${t.status} IN ('invited','observer','supporter','committed','withdrawn')`,
    ),
    check("participation_date_format", sql`${t.effectiveDate} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'`),
    index("participation_state_date").on(t.stateCode, t.effectiveDate, t.id),
  ],
);

export const sessions = sqliteTable(
  "sessions",
  {
    // SHA-256 of the random token in the cookie: a copy of the database opens no session.
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: instant("created_at").notNull(),
    lastSeenAt: instant("last_seen_at").notNull(),
    expiresAt: instant("expires_at").notNull(),
    // Last time the person proved themselves (login or re-authentication), for high-stakes actions.
    verifiedAt: instant("verified_at").notNull(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
  },
  (t) => [index("sessions_user").on(t.userId)],
);

export const loginAttempts = sqliteTable(
  "login_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    email: text("email").notNull(),
    ipAddress: text("ip_address").notNull(),
    at: instant("at").notNull(),
    succeeded: integer("succeeded", { mode: "boolean" }).notNull(),
  },
  (t) => [
    index("login_attempts_email_at").on(t.email, t.at),
    index("login_attempts_ip_at").on(t.ipAddress, t.at),
  ],
);

export const invitations = sqliteTable(
  "invitations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    email: text("email").notNull(),
    stateCode: text("state_code").references(() => states.code),
    role: text("role", { enum: ROLES }).notNull(),
    // SHA-256 of the token in the link; the token itself is shown once, to the chair.
    tokenHash: text("token_hash").notNull(),
    invitedBy: integer("invited_by")
      .notNull()
      .references(() => users.id),
    createdAt: instant("created_at").notNull(),
    expiresAt: instant("expires_at").notNull(),
    acceptedAt: instant("accepted_at"),
    acceptedBy: integer("accepted_by").references(() => users.id),
    revokedAt: instant("revoked_at"),
  },
  (t) => [
    uniqueIndex("invitations_token_hash").on(t.tokenHash),
    index("invitations_email").on(t.email),
    check(
      "invitations_state_for_role",
      sql`(${t.role} = 'chair' AND ${t.stateCode} IS NULL) OR (${t.role} IN ('delegate','signer') AND ${t.stateCode} IS NOT NULL) OR ${t.role} = 'observer'`,
    ),
  ],
);

// Append-only: triggers in a hand-written migration abort UPDATE and DELETE.
export const auditEvents = sqliteTable(
  "audit_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: instant("at").notNull(),
    actorUserId: integer("actor_user_id").references(() => users.id),
    actorStateCode: text("actor_state_code"),
    // `entity.verb`, e.g. `participation.recorded`, `session.created`.
    action: text("action").notNull(),
    subjectType: text("subject_type"),
    subjectId: text("subject_id"),
    ipAddress: text("ip_address"),
    // JSON object with the facts of the event.
    details: text("details").notNull().default("{}"),
  },
  (t) => [
    index("audit_events_at").on(t.at),
    index("audit_events_action").on(t.action),
    index("audit_events_actor").on(t.actorUserId),
    index("audit_events_subject").on(t.subjectType, t.subjectId),
  ],
);

export const instruments = sqliteTable(
  "instruments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    slug: text("slug").notNull(),
    title: text("title").notNull(),
    summary: text("summary").notNull(),
    createdAt: instant("created_at").notNull(),
    createdBy: integer("created_by").references(() => users.id),
  },
  (t) => [
    uniqueIndex("instruments_slug").on(t.slug),
    check("instruments_slug_format", sql`${t.slug} GLOB '[a-z0-9]*' AND ${t.slug} NOT GLOB '*[^a-z0-9-]*'`),
  ],
);

export type StateRow = typeof states.$inferSelect;
export type UserRow = typeof users.$inferSelect;
export type MembershipRow = typeof memberships.$inferSelect;
export type ParticipationRecordRow = typeof participationRecords.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type InvitationRow = typeof invitations.$inferSelect;
export type AuditEventRow = typeof auditEvents.$inferSelect;
export type InstrumentRow = typeof instruments.$inferSelect;

// The living draft of an instrument as a Yjs document. `state` encodes everything up to and including
// update `compacted_through` (0: none folded yet); the document is `state` merged with every
// `document_updates` row after it (docs/decisions/011).
export const documents = sqliteTable(
  "documents",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    // The collaboration server's document name, `instrument/<slug>`.
    name: text("name").notNull(),
    instrumentId: integer("instrument_id")
      .notNull()
      .references(() => instruments.id),
    state: blob("state", { mode: "buffer" }).notNull(),
    compactedThrough: integer("compacted_through").notNull().default(0),
    createdAt: instant("created_at").notNull(),
    updatedAt: instant("updated_at").notNull(),
  },
  (t) => [uniqueIndex("documents_name").on(t.name), index("documents_instrument").on(t.instrumentId)],
);

// The durable log of accepted Yjs updates, appended before the server confirms each one and folded
// into `documents.state` by compaction.
export const documentUpdates = sqliteTable(
  "document_updates",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    documentId: integer("document_id")
      .notNull()
      .references(() => documents.id),
    update: blob("update", { mode: "buffer" }).notNull(),
    // Null for updates the server makes itself (repairs).
    userId: integer("user_id").references(() => users.id),
    receivedAt: instant("received_at").notNull(),
  },
  (t) => [index("document_updates_document_id").on(t.documentId, t.id)],
);

export type DocumentRow = typeof documents.$inferSelect;
export type DocumentUpdateRow = typeof documentUpdates.$inferSelect;
