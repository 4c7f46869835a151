// The durable path of a loaded document: every update applied to the server's Y.Doc after loading is
// appended to SQLite synchronously, inside Yjs's update event, so it is on disk before Hocuspocus
// confirms it to the sender; the server repairs merges that left the schema; the log is compacted.
import type { Document } from "@hocuspocus/server";
import * as Y from "yjs";
import {
  appendDocumentUpdate,
  compactDocument,
  countDocumentUpdates,
  loadDocumentUpdate,
} from "../../app/models/document.server";
import { repairYDoc } from "../../editor";
import { isCollabContext } from "./identity";
import type { CollabLog } from "./refusal";

/** Transaction origins of the server's own changes (never a client connection). */
export const LOAD_ORIGIN = Symbol("accord.collab.load");
export const REPAIR_ORIGIN = Symbol("accord.collab.repair");

/** The person behind an update: Hocuspocus passes the Connection as the origin of a client's update. */
function userIdOf(origin: unknown): number | null {
  if (typeof origin !== "object" || origin === null || !("context" in origin)) return null;
  const context = (origin as { context: unknown }).context;
  return isCollabContext(context) ? context.identity.userId : null;
}

/**
 * Fills the fresh Y.Doc from the stored state and log, then starts appending. The listener is attached
 * after the load, so the loading update is not written back.
 */
export function loadDurably(document: Document, documentId: number, log: CollabLog): void {
  const stored = loadDocumentUpdate(document.name);
  if (stored) Y.applyUpdate(document, stored, LOAD_ORIGIN);

  let repairPending = false;
  const repairSoon = () => {
    if (repairPending) return;
    repairPending = true;
    // After the message that caused it is fully handled: one check per batch of updates, and never
    // a transaction started from inside Yjs's update event.
    queueMicrotask(() => {
      repairPending = false;
      if (document.isDestroyed) return;
      try {
        if (repairYDoc(document, REPAIR_ORIGIN)) log(`repaired ${document.name}: merged edits had left the schema`);
      } catch (error) {
        log(`could not repair ${document.name}: ${String(error)}`);
      }
    });
  };

  document.on("update", (update: Uint8Array, origin: unknown) => {
    appendDocumentUpdate(documentId, update, userIdOf(origin));
    if (origin !== REPAIR_ORIGIN) repairSoon();
  });
}

/** Folds the log into the state when it has grown past `threshold` updates; returns how many were folded. */
export function compactIfLong(documentId: number, threshold: number): number {
  if (countDocumentUpdates(documentId) <= threshold) return 0;
  return compactDocument(documentId);
}
