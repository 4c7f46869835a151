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
    // The instrument the event belongs to, for its negotiation timeline (null for everything else).
    instrumentId: integer("instrument_id"),
    // JSON object with the facts of the event.
    details: text("details").notNull().default("{}"),
  },
  (t) => [
    index("audit_events_at").on(t.at),
    index("audit_events_action").on(t.action),
    index("audit_events_actor").on(t.actorUserId),
    index("audit_events_subject").on(t.subjectType, t.subjectId),
    index("audit_events_instrument").on(t.instrumentId, t.id),
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

// ---------------------------------------------------------------------------------------------
// Negotiation (docs/decisions/013). Each concept has one domain module in app/models. Evidence
// (versions, positions, decisions, bracket events, silence breaks) is append-only by trigger; the
// current state of a thing is its latest record.

// A named version: the living draft as stored at that moment, frozen. Restoring one is a new edit.
export const documentVersions = sqliteTable(
  "document_versions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    documentId: integer("document_id")
      .notNull()
      .references(() => documents.id),
    // 1, 2, 3... per document, in the order saved.
    number: integer("number").notNull(),
    name: text("name").notNull(),
    note: text("note").notNull().default(""),
    // ProseMirror JSON of the document (editor/convert/json.ts), validated when saved.
    content: text("content").notNull(),
    // editor/convert/canonical-text.ts output and the SHA-256 (hex) of its UTF-8 bytes.
    canonicalText: text("canonical_text").notNull(),
    digest: text("digest").notNull(),
    // Y.encodeSnapshot of the stored Y.Doc (gc is off everywhere, so history can be replayed).
    snapshot: blob("snapshot", { mode: "buffer" }).notNull(),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: instant("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("document_versions_number").on(t.documentId, t.number),
    check("document_versions_digest", sql`length(${t.digest}) = 64`),
  ],
);

export const COMMENT_STATUSES = ["open", "resolved"] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];

// A comment thread anchored to a range of the living text by Yjs relative positions (editor/anchors.ts),
// stored here so that commenting never writes into the document.
export const commentThreads = sqliteTable(
  "comment_threads",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    documentId: integer("document_id")
      .notNull()
      .references(() => documents.id),
    // The clause the range starts in when it was made (null for the title or preamble).
    clauseId: text("clause_id"),
    // Encoded Y.RelativePosition of the range's start and end; null for a comment on a whole clause.
    anchorStart: blob("anchor_start", { mode: "buffer" }),
    anchorEnd: blob("anchor_end", { mode: "buffer" }),
    // The text commented on, as it was: shown when the anchored text is deleted.
    quote: text("quote").notNull(),
    status: text("status", { enum: COMMENT_STATUSES }).notNull().default("open"),
    createdBy: integer("created_by")
      .notNull()
      .references(() => users.id),
    stateCode: text("state_code").references(() => states.code),
    createdAt: instant("created_at").notNull(),
    statusChangedAt: instant("status_changed_at"),
    statusChangedBy: integer("status_changed_by").references(() => users.id),
  },
  (t) => [
    index("comment_threads_document").on(t.documentId, t.status),
    check("comment_threads_status", sql`${t.status} IN ('open', 'resolved')`),
    check("comment_threads_anchor", sql`(${t.anchorStart} IS NULL) = (${t.anchorEnd} IS NULL)`),
  ],
);

// The messages of a thread: the first one opens it, the others are replies. Append-only.
export const comments = sqliteTable(
  "comments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    threadId: integer("thread_id")
      .notNull()
      .references(() => commentThreads.id),
    body: text("body").notNull(),
    authorId: integer("author_id")
      .notNull()
      .references(() => users.id),
    stateCode: text("state_code").references(() => states.code),
    createdAt: instant("created_at").notNull(),
  },
  (t) => [index("comments_thread").on(t.threadId, t.id)],
);

export const AMENDMENT_STATUSES = ["draft", "submitted", "accepted", "rejected", "withdrawn"] as const;
export type AmendmentStatus = (typeof AMENDMENT_STATUSES)[number];

// A delegation's proposal to change one clause: the clause's text when proposed and the text it
// proposes (editor/amendments.ts applies it). Each step of its life is an audit event.
export const amendments = sqliteTable(
  "amendments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    documentId: integer("document_id")
      .notNull()
      .references(() => documents.id),
    // "Amendment 3" of this document.
    number: integer("number").notNull(),
    clauseId: text("clause_id").notNull(),
    baseText: text("base_text").notNull(),
    proposedText: text("proposed_text").notNull(),
    justification: text("justification").notNull(),
    proposedBy: integer("proposed_by")
      .notNull()
      .references(() => users.id),
    stateCode: text("state_code")
      .notNull()
      .references(() => states.code),
    status: text("status", { enum: AMENDMENT_STATUSES }).notNull().default("draft"),
    createdAt: instant("created_at").notNull(),
    submittedAt: instant("submitted_at"),
    decidedAt: instant("decided_at"),
    decidedBy: integer("decided_by").references(() => users.id),
    decisionNote: text("decision_note"),
  },
  (t) => [
    uniqueIndex("amendments_number").on(t.documentId, t.number),
    index("amendments_status").on(t.documentId, t.status),
    check("amendments_status", sql`${t.status} IN ('draft', 'submitted', 'accepted', 'rejected', 'withdrawn')`),
  ],
);

export const AMENDMENT_POSITIONS = ["cosponsor", "object", "none"] as const;
export type AmendmentPosition = (typeof AMENDMENT_POSITIONS)[number];

// Other states co-sponsoring or objecting to an amendment; a state's position is its latest record
// ("none" takes a position back). Append-only.
export const amendmentPositions = sqliteTable(
  "amendment_positions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    amendmentId: integer("amendment_id")
      .notNull()
      .references(() => amendments.id),
    stateCode: text("state_code")
      .notNull()
      .references(() => states.code),
    position: text("position", { enum: AMENDMENT_POSITIONS }).notNull(),
    note: text("note").notNull().default(""),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    at: instant("at").notNull(),
  },
  (t) => [
    index("amendment_positions_amendment").on(t.amendmentId, t.stateCode, t.id),
    check("amendment_positions_position", sql`${t.position} IN ('cosponsor', 'object', 'none')`),
  ],
);

export const BRACKET_EVENT_KINDS = ["added", "changed", "removed"] as const;
export type BracketEventKind = (typeof BRACKET_EVENT_KINDS)[number];

// What happened to each square bracket of a document (by its stable id), as the server saw the text
// change. Append-only.
export const bracketEvents = sqliteTable(
  "bracket_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    documentId: integer("document_id")
      .notNull()
      .references(() => documents.id),
    bracketId: text("bracket_id").notNull(),
    clauseId: text("clause_id"),
    kind: text("kind", { enum: BRACKET_EVENT_KINDS }).notNull(),
    // The bracketed text, its holders and alternatives after the event (before it, for a removal).
    text: text("text").notNull(),
    holders: text("holders").notNull().default("[]"),
    alternatives: text("alternatives").notNull().default("[]"),
    // Who made the edits that changed it (null when the server cannot tell, e.g. a merge).
    userId: integer("user_id").references(() => users.id),
    at: instant("at").notNull(),
  },
  (t) => [
    index("bracket_events_document").on(t.documentId, t.bracketId, t.id),
    check("bracket_events_kind", sql`${t.kind} IN ('added', 'changed', 'removed')`),
  ],
);

export const CLAUSE_DECISIONS = ["open", "agreed-ad-referendum", "agreed"] as const;
export type ClauseDecision = (typeof CLAUSE_DECISIONS)[number];

// The chair's decisions on a clause's status; the latest is current. Append-only.
export const clauseDecisions = sqliteTable(
  "clause_decisions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    documentId: integer("document_id")
      .notNull()
      .references(() => documents.id),
    clauseId: text("clause_id").notNull(),
    decision: text("decision", { enum: CLAUSE_DECISIONS }).notNull(),
    note: text("note").notNull().default(""),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    at: instant("at").notNull(),
  },
  (t) => [
    index("clause_decisions_clause").on(t.documentId, t.clauseId, t.id),
    check("clause_decisions_decision", sql`${t.decision} IN ('open', 'agreed-ad-referendum', 'agreed')`),
  ],
);

export const CLAUSE_POSITIONS = ["supports", "reserves", "objects"] as const;
export type ClausePosition = (typeof CLAUSE_POSITIONS)[number];

// A participating state's position on a clause; the latest per state is current. Append-only.
export const clausePositions = sqliteTable(
  "clause_positions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    documentId: integer("document_id")
      .notNull()
      .references(() => documents.id),
    clauseId: text("clause_id").notNull(),
    stateCode: text("state_code")
      .notNull()
      .references(() => states.code),
    position: text("position", { enum: CLAUSE_POSITIONS }).notNull(),
    note: text("note").notNull().default(""),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    at: instant("at").notNull(),
  },
  (t) => [
    index("clause_positions_clause").on(t.documentId, t.clauseId, t.stateCode, t.id),
    check("clause_positions_position", sql`${t.position} IN ('supports', 'reserves', 'objects')`),
  ],
);

export const SILENCE_OUTCOMES = ["held", "broken", "cancelled"] as const;
export type SilenceOutcome = (typeof SILENCE_OUTCOMES)[number];

// A version put under silence until a deadline. The outcome is written once, by the server at the
// deadline (or by the chair cancelling); breaks are their own append-only records.
export const silenceProcedures = sqliteTable(
  "silence_procedures",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    documentId: integer("document_id")
      .notNull()
      .references(() => documents.id),
    versionId: integer("version_id")
      .notNull()
      .references(() => documentVersions.id),
    deadline: instant("deadline").notNull(),
    note: text("note").notNull().default(""),
    startedBy: integer("started_by")
      .notNull()
      .references(() => users.id),
    startedAt: instant("started_at").notNull(),
    outcome: text("outcome", { enum: SILENCE_OUTCOMES }),
    closedAt: instant("closed_at"),
  },
  (t) => [
    index("silence_procedures_document").on(t.documentId, t.id),
    index("silence_procedures_open").on(t.outcome, t.deadline),
    check("silence_procedures_outcome", sql`${t.outcome} IS NULL OR ${t.outcome} IN ('held', 'broken', 'cancelled')`),
    check("silence_procedures_closed", sql`(${t.outcome} IS NULL) = (${t.closedAt} IS NULL)`),
  ],
);

export const silenceBreaks = sqliteTable(
  "silence_breaks",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    procedureId: integer("procedure_id")
      .notNull()
      .references(() => silenceProcedures.id),
    stateCode: text("state_code")
      .notNull()
      .references(() => states.code),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    reason: text("reason").notNull(),
    at: instant("at").notNull(),
  },
  (t) => [uniqueIndex("silence_breaks_state").on(t.procedureId, t.stateCode)],
);

export type DocumentVersionRow = typeof documentVersions.$inferSelect;
export type CommentThreadRow = typeof commentThreads.$inferSelect;
export type CommentRow = typeof comments.$inferSelect;
export type AmendmentRow = typeof amendments.$inferSelect;
export type AmendmentPositionRow = typeof amendmentPositions.$inferSelect;
export type BracketEventRow = typeof bracketEvents.$inferSelect;
export type ClauseDecisionRow = typeof clauseDecisions.$inferSelect;
export type ClausePositionRow = typeof clausePositions.$inferSelect;
export type SilenceProcedureRow = typeof silenceProcedures.$inferSelect;
export type SilenceBreakRow = typeof silenceBreaks.$inferSelect;

// ---------------------------------------------------------------------------------------------
// The transparency log (docs/decisions/014). Only app/models/transparency-log.server.ts touches
// these tables. Both are append-only by trigger (migration 0006), whose triggers also keep the
// entries gapless from index 0 and every checkpoint at the log's size when it is written.

// One entry per leaf: its canonical text (`accord-log-entry/1`, app/log/entry.ts) exactly as hashed,
// and its RFC 9162 leaf hash, SHA-256(0x00 || UTF-8 bytes of the text).
export const logEntries = sqliteTable(
  "log_entries",
  {
    leafIndex: integer("leaf_index").primaryKey(),
    entry: text("entry").notNull(),
    leafHash: blob("leaf_hash", { mode: "buffer" }).notNull(),
    recordedAt: instant("recorded_at").notNull(),
  },
  (t) => [
    check("log_entries_index", sql`${t.leafIndex} >= 0`),
    check("log_entries_leaf_hash", sql`length(${t.leafHash}) = 32`),
  ],
);

// A signed checkpoint (C2SP tlog-checkpoint in a C2SP signed note) for each size the log has had.
export const logCheckpoints = sqliteTable(
  "log_checkpoints",
  {
    treeSize: integer("tree_size").primaryKey(),
    rootHash: blob("root_hash", { mode: "buffer" }).notNull(),
    note: text("note").notNull(),
    createdAt: instant("created_at").notNull(),
  },
  (t) => [
    check("log_checkpoints_size", sql`${t.treeSize} >= 0`),
    check("log_checkpoints_root_hash", sql`length(${t.rootHash}) = 32`),
  ],
);

export type LogEntryRow = typeof logEntries.$inferSelect;
export type LogCheckpointRow = typeof logCheckpoints.$inferSelect;

// ---------------------------------------------------------------------------------------------
// Second factor (docs/decisions/015). Only app/models/second-factor.server.ts touches this table.

// A person's TOTP authenticator (RFC 6238: SHA-1, 6 digits, 30 s). Enrolment creates a row with
// `confirmed_at` null; the first good code confirms it. A person has at most one confirmed, not
// revoked credential. `secret` is the shared secret sealed with AES-256-GCM under a key derived from
// the session secret, so a copy of the database alone yields no codes. `last_used_step` makes each
// code single-use: a code of that time step or an earlier one is refused.
export const totpCredentials = sqliteTable(
  "totp_credentials",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    secret: text("secret").notNull(),
    createdAt: instant("created_at").notNull(),
    confirmedAt: instant("confirmed_at"),
    revokedAt: instant("revoked_at"),
    lastUsedStep: integer("last_used_step"),
    // Wrong codes in a row since the last good one, and when the last was entered (throttling).
    failedCount: integer("failed_count").notNull().default(0),
    lastFailedAt: instant("last_failed_at"),
  },
  (t) => [
    index("totp_credentials_user").on(t.userId),
    uniqueIndex("totp_credentials_one_active").on(t.userId).where(sql`${t.confirmedAt} IS NOT NULL AND ${t.revokedAt} IS NULL`),
  ],
);

export type TotpCredentialRow = typeof totpCredentials.$inferSelect;

// ---------------------------------------------------------------------------------------------
// Adoption and pledges (docs/decisions/015). Everything here is evidence: append-only by trigger
// (migration 0008). Each adoption, pledge, declaration and withdrawal names the entry of the
// transparency log (`log_entries.leaf_index`) appended in the same transaction.

// An adopted edition: a version of an instrument's draft frozen for good, its canonical text stored
// byte-exact with the SHA-256 (hex) of its UTF-8 bytes. A later edition is a new row.
export const editions = sqliteTable(
  "editions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    instrumentId: integer("instrument_id")
      .notNull()
      .references(() => instruments.id),
    // 1, 2, 3... per instrument, in the order adopted.
    number: integer("number").notNull(),
    // `<instrument slug>-<number>`: the `edition` field of log entries and the public address.
    slug: text("slug").notNull(),
    title: text("title").notNull(),
    sourceVersionId: integer("source_version_id")
      .notNull()
      .references(() => documentVersions.id),
    content: text("content").notNull(),
    canonicalText: text("canonical_text").notNull(),
    digest: text("digest").notNull(),
    adoptedOn: text("adopted_on").notNull(),
    adoptedBy: integer("adopted_by").references(() => users.id),
    recordedAt: instant("recorded_at").notNull(),
    logIndex: integer("log_index")
      .notNull()
      .references(() => logEntries.leafIndex),
  },
  (t) => [
    uniqueIndex("editions_number").on(t.instrumentId, t.number),
    uniqueIndex("editions_slug").on(t.slug),
    uniqueIndex("editions_log_index").on(t.logIndex),
    check("editions_digest", sql`length(${t.digest}) = 64`),
    check("editions_adopted_on_format", sql`${t.adoptedOn} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'`),
  ],
);

// A commitment of an edition (an undertaking states report on), with the clause ids it comes from.
export const commitments = sqliteTable(
  "commitments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    editionId: integer("edition_id")
      .notNull()
      .references(() => editions.id),
    // 1, 2, 3... per edition.
    number: integer("number").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    // JSON array of the edition's clause ids (editor/ stable ids), at least one.
    clauseIds: text("clause_ids").notNull(),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: instant("created_at").notNull(),
  },
  (t) => [uniqueIndex("commitments_number").on(t.editionId, t.number)],
);

export const REPORT_STATUSES = ["not-started", "in-progress", "implemented"] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

// A state's implementation report on one commitment; the latest is the current one, all are kept.
export const commitmentReports = sqliteTable(
  "commitment_reports",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    commitmentId: integer("commitment_id")
      .notNull()
      .references(() => commitments.id),
    stateCode: text("state_code")
      .notNull()
      .references(() => states.code),
    status: text("status", { enum: REPORT_STATUSES }).notNull(),
    narrative: text("narrative").notNull(),
    // JSON array of https URLs.
    evidenceLinks: text("evidence_links").notNull().default("[]"),
    reportDate: text("report_date").notNull(),
    filedBy: integer("filed_by").references(() => users.id),
    filedAt: instant("filed_at").notNull(),
  },
  (t) => [
    check("commitment_reports_status", sql`${t.status} IN ('not-started','in-progress','implemented')`),
    check("commitment_reports_date_format", sql`${t.reportDate} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'`),
    index("commitment_reports_state").on(t.stateCode, t.commitmentId, t.id),
  ],
);

export const PLEDGE_KINDS = ["subscription", "endorsement"] as const;
export type PledgeKind = (typeof PLEDGE_KINDS)[number];

// How a pledge or withdrawal reached Accord: made by the state's signer in Accord, or received on
// paper and recorded by the chair with the date it carries.
export const PLEDGE_CHANNELS = ["signer", "paper"] as const;
export type PledgeChannel = (typeof PLEDGE_CHANNELS)[number];

// A state's pledge to one edition. One active (not withdrawn) pledge per state and edition, and the
// digest must be the edition's (both by trigger, migration 0008). Its public id is `id` in decimal.
export const pledges = sqliteTable(
  "pledges",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    editionId: integer("edition_id")
      .notNull()
      .references(() => editions.id),
    stateCode: text("state_code")
      .notNull()
      .references(() => states.code),
    kind: text("kind", { enum: PLEDGE_KINDS }).notNull(),
    textDigest: text("text_digest").notNull(),
    effectiveDate: text("effective_date").notNull(),
    channel: text("channel", { enum: PLEDGE_CHANNELS }).notNull(),
    recordedBy: integer("recorded_by").references(() => users.id),
    recordedAt: instant("recorded_at").notNull(),
    logIndex: integer("log_index")
      .notNull()
      .references(() => logEntries.leafIndex),
  },
  (t) => [
    check("pledges_kind", sql`${t.kind} IN ('subscription','endorsement')`),
    check("pledges_channel", sql`${t.channel} IN ('signer','paper')`),
    check("pledges_effective_date_format", sql`${t.effectiveDate} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'`),
    index("pledges_edition_state").on(t.editionId, t.stateCode),
    uniqueIndex("pledges_log_index").on(t.logIndex),
  ],
);

// An interpretive declaration a state attaches to its pledge (with it, or later). The text is
// NFC-normalised; its SHA-256 is what the log entry carries.
export const pledgeDeclarations = sqliteTable(
  "pledge_declarations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    pledgeId: integer("pledge_id")
      .notNull()
      .references(() => pledges.id),
    text: text("text").notNull(),
    digest: text("digest").notNull(),
    channel: text("channel", { enum: PLEDGE_CHANNELS }).notNull(),
    recordedBy: integer("recorded_by").references(() => users.id),
    recordedAt: instant("recorded_at").notNull(),
    logIndex: integer("log_index")
      .notNull()
      .references(() => logEntries.leafIndex),
  },
  (t) => [index("pledge_declarations_pledge").on(t.pledgeId), uniqueIndex("pledge_declarations_log_index").on(t.logIndex)],
);

// The withdrawal of a pledge: dated, with a reason; at most one per pledge. The pledge row stays.
export const pledgeWithdrawals = sqliteTable(
  "pledge_withdrawals",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    pledgeId: integer("pledge_id")
      .notNull()
      .references(() => pledges.id),
    effectiveDate: text("effective_date").notNull(),
    reason: text("reason").notNull(),
    channel: text("channel", { enum: PLEDGE_CHANNELS }).notNull(),
    recordedBy: integer("recorded_by").references(() => users.id),
    recordedAt: instant("recorded_at").notNull(),
    logIndex: integer("log_index")
      .notNull()
      .references(() => logEntries.leafIndex),
  },
  (t) => [
    uniqueIndex("pledge_withdrawals_pledge").on(t.pledgeId),
    uniqueIndex("pledge_withdrawals_log_index").on(t.logIndex),
    check("pledge_withdrawals_effective_date_format", sql`${t.effectiveDate} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'`),
  ],
);

export type EditionRow = typeof editions.$inferSelect;
export type CommitmentRow = typeof commitments.$inferSelect;
export type CommitmentReportRow = typeof commitmentReports.$inferSelect;
export type PledgeRow = typeof pledges.$inferSelect;
export type PledgeDeclarationRow = typeof pledgeDeclarations.$inferSelect;
export type PledgeWithdrawalRow = typeof pledgeWithdrawals.$inferSelect;
