// The record of what happened to each square bracket of a draft: added, changed (its text, holders or
// alternatives) or removed, with who made the edits and when. The collaboration server detects the
// changes from the text itself (server/collab/bracket-tracker.ts), so a bracket removed by typing is
// recorded like one removed with the toolbar. The only module that touches `bracket_events`.
import { and, desc, eq } from "drizzle-orm";
import { db, inTransaction } from "../../db/client";
import { bracketEvents, documents, users, type BracketEventRow } from "../../db/schema";
import type { BracketChange } from "../../editor";
import { now } from "../lib/clock.server";
import { recordAuditEvent } from "./audit.server";

export interface BracketAuthor {
  userId: number;
  stateCode: string | null;
}

/** Records the changes in one transaction, each with its audit event on the instrument's timeline. */
export function recordBracketChanges(documentId: number, changes: readonly BracketChange[], author: BracketAuthor | null): void {
  if (changes.length === 0) return;
  inTransaction(() => {
    const document = db().select({ instrumentId: documents.instrumentId }).from(documents).where(eq(documents.id, documentId)).get();
    if (!document) throw new Error(`No document has the id ${documentId}`);
    const at = now();
    for (const change of changes) {
      const { bracket } = change;
      db()
        .insert(bracketEvents)
        .values({
          documentId,
          bracketId: bracket.id,
          clauseId: bracket.clauseId,
          kind: change.kind,
          text: bracket.text,
          holders: JSON.stringify(bracket.holders),
          alternatives: JSON.stringify(bracket.alternatives),
          userId: author?.userId ?? null,
          at,
        })
        .run();
      recordAuditEvent(
        { userId: author?.userId ?? null, stateCode: author?.stateCode ?? null },
        {
          action: `bracket.${change.kind}`,
          instrumentId: document.instrumentId,
          subjectType: "bracket",
          subjectId: bracket.id,
          details: { clauseId: bracket.clauseId, text: bracket.text, holders: bracket.holders, alternatives: bracket.alternatives },
        },
      );
    }
  });
}

export interface BracketEventEntry extends BracketEventRow {
  userName: string | null;
}

/** A document's bracket events, newest first (optionally of one bracket). */
export function listBracketEvents(documentId: number, bracketId?: string): BracketEventEntry[] {
  return db()
    .select({
      id: bracketEvents.id,
      documentId: bracketEvents.documentId,
      bracketId: bracketEvents.bracketId,
      clauseId: bracketEvents.clauseId,
      kind: bracketEvents.kind,
      text: bracketEvents.text,
      holders: bracketEvents.holders,
      alternatives: bracketEvents.alternatives,
      userId: bracketEvents.userId,
      at: bracketEvents.at,
      userName: users.name,
    })
    .from(bracketEvents)
    .leftJoin(users, eq(users.id, bracketEvents.userId))
    .where(bracketId ? and(eq(bracketEvents.documentId, documentId), eq(bracketEvents.bracketId, bracketId)) : eq(bracketEvents.documentId, documentId))
    .orderBy(desc(bracketEvents.id))
    .all();
}
