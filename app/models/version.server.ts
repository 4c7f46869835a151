// Named versions of a living draft ("Chair's text, revision 2"): the document as stored at that moment,
// frozen with its canonical text, digest and Yjs snapshot. Any version can be read, compared and
// restored; restoring is a new edit of the living document, never a rewrite of its history. The only
// module that touches `document_versions` (docs/decisions/013).
import crypto from "node:crypto";
import { and, asc, desc, eq, max } from "drizzle-orm";
import type { Node } from "prosemirror-model";
import * as Y from "yjs";
import { db, inTransaction } from "../../db/client";
import { documentVersions, type DocumentRow, type DocumentVersionRow } from "../../db/schema";
import { canonicalText, createYDoc, documentFromJSON, documentToJSON, updateYDoc } from "../../editor";
import { now } from "../lib/clock.server";
import { RuleError } from "../lib/rule-error";
import { requireActorPermission } from "./acting.server";
import { listAuditEvents, recordAuditEvent, type Actor } from "./audit.server";
import { documentFromStoredUpdate, editDocument, loadDocumentUpdate } from "./document.server";

import { VERSION_NAME_MAX, VERSION_NOTE_MAX } from "../lib/versions";

export class VersionError extends RuleError<"name" | "note" | "version"> {}

export interface NewVersion {
  name: string;
  note: string;
}

/** A version without its content, for lists. */
export type VersionSummary = Omit<DocumentVersionRow, "content" | "canonicalText" | "snapshot">;

function versionProblem(input: NewVersion): VersionError | null {
  const name = input.name.trim();
  if (!name) return new VersionError("Enter a name for the version", "name");
  if (name.length > VERSION_NAME_MAX) return new VersionError(`The name has at most ${VERSION_NAME_MAX} characters`, "name");
  if (input.note.trim().length > VERSION_NOTE_MAX)
    return new VersionError(`The note has at most ${VERSION_NOTE_MAX.toLocaleString("en")} characters`, "note");
  return null;
}

export function sha256Hex(text: string): string {
  return crypto.createHash("sha256").update(text, "utf8").digest("hex");
}

/** Saves the document as stored now as the next numbered version; throws VersionError for bad input. */
export function saveVersion(actor: Actor, document: DocumentRow, input: NewVersion): DocumentVersionRow {
  requireActorPermission(actor, "version:save", "Only the chair saves versions of the draft.");
  const problem = versionProblem(input);
  if (problem) throw problem;
  return inTransaction(() => {
    const update = loadDocumentUpdate(document.name);
    if (!update) throw new VersionError("The draft has no stored text yet", "version");
    const ydoc = createYDoc();
    Y.applyUpdate(ydoc, update);
    const doc = documentFromStoredUpdate(update);
    const text = canonicalText(doc);
    const last = db()
      .select({ number: max(documentVersions.number) })
      .from(documentVersions)
      .where(eq(documentVersions.documentId, document.id))
      .get();
    const version = db()
      .insert(documentVersions)
      .values({
        documentId: document.id,
        number: (last?.number ?? 0) + 1,
        name: input.name.trim(),
        note: input.note.trim(),
        content: JSON.stringify(documentToJSON(doc)),
        canonicalText: text,
        digest: sha256Hex(text),
        snapshot: Buffer.from(Y.encodeSnapshot(Y.snapshot(ydoc))),
        createdBy: actor.userId,
        createdAt: now(),
      })
      .returning()
      .get();
    ydoc.destroy();
    recordAuditEvent(actor, {
      action: "version.saved",
      instrumentId: document.instrumentId,
      subjectType: "version",
      subjectId: version.id,
      details: { number: version.number, name: version.name, digest: version.digest },
    });
    return version;
  });
}

const SUMMARY = {
  id: documentVersions.id,
  documentId: documentVersions.documentId,
  number: documentVersions.number,
  name: documentVersions.name,
  note: documentVersions.note,
  digest: documentVersions.digest,
  createdBy: documentVersions.createdBy,
  createdAt: documentVersions.createdAt,
};

/** The document's versions, newest first. */
export function listVersions(documentId: number): VersionSummary[] {
  return db()
    .select(SUMMARY)
    .from(documentVersions)
    .where(eq(documentVersions.documentId, documentId))
    .orderBy(desc(documentVersions.number))
    .all();
}

export function getVersion(documentId: number, number: number): DocumentVersionRow | undefined {
  return db()
    .select()
    .from(documentVersions)
    .where(and(eq(documentVersions.documentId, documentId), eq(documentVersions.number, number)))
    .get();
}

export function getVersionById(id: number): DocumentVersionRow | undefined {
  return db().select().from(documentVersions).where(eq(documentVersions.id, id)).get();
}

/** The id of the audit event that recorded the version's saving: where it sits on the timeline. */
export function versionEventId(version: Pick<DocumentVersionRow, "id">): number | null {
  return listAuditEvents({ action: "version.saved", subject: `version:${version.id}`, limit: 1 })[0]?.id ?? null;
}

/** The first version of a document, if any (the usual left side of a comparison). */
export function firstVersion(documentId: number): VersionSummary | undefined {
  return db()
    .select(SUMMARY)
    .from(documentVersions)
    .where(eq(documentVersions.documentId, documentId))
    .orderBy(asc(documentVersions.number))
    .get();
}

/** The version's document (validated when it was saved). */
export function versionDocument(version: Pick<DocumentVersionRow, "content">): Node {
  return documentFromJSON(JSON.parse(version.content) as unknown);
}

/**
 * Makes the living document read as the version again, as one new edit by the actor (editors connected
 * at the time see it happen); the versions after it stay as they were.
 */
export async function restoreVersion(actor: Actor, document: DocumentRow, number: number): Promise<void> {
  requireActorPermission(actor, "version:save", "Only the chair restores versions of the draft.");
  const version = getVersion(document.id, number);
  if (!version) throw new VersionError(`There is no version ${number}`, "version");
  const target = versionDocument(version);
  await editDocument(document.name, actor.userId, (ydoc) => {
    recordAuditEvent(actor, {
      action: "version.restored",
      instrumentId: document.instrumentId,
      subjectType: "version",
      subjectId: version.id,
      details: { number: version.number, name: version.name },
    });
    updateYDoc(ydoc, target);
  });
}
