// Watches a loaded document's square brackets and records what happens to each (added, changed,
// removed) through the bracket module. Checked at most once a second while the document changes, and
// once more when it unloads, by comparing the list of brackets with the previous one; the edits of
// one person in that second are attributed to them, a mix of people to nobody in particular.
import type { Document } from "@hocuspocus/server";
import { recordBracketChanges } from "../../app/models/bracket.server";
import { bracketChanges, bracketsOfJSON, yDocToJSON, type Bracket } from "../../editor";
import { authorOf, type UpdateAuthor } from "./durability";
import type { CollabLog } from "./refusal";

export interface BracketTracker {
  /** Compares now and records the changes since the last check. */
  check(): void;
  stop(): void;
}

function readBrackets(document: Document): Bracket[] | null {
  try {
    return bracketsOfJSON(yDocToJSON(document));
  } catch {
    // A foreign structure the update check let through would be repaired first; try again later.
    return null;
  }
}

export function trackBrackets(document: Document, documentId: number, log: CollabLog, everyMs = 1000): BracketTracker {
  let previous = readBrackets(document) ?? [];
  let authors = new Map<number, UpdateAuthor>();
  let timer: NodeJS.Timeout | null = null;

  const check = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const current = readBrackets(document);
    if (!current) return;
    const changes = bracketChanges(previous, current);
    const only = authors.size === 1 ? ([...authors.values()][0] ?? null) : null;
    authors = new Map();
    if (changes.length === 0) return;
    try {
      recordBracketChanges(documentId, changes, only);
      previous = current;
    } catch (error) {
      log(`could not record bracket changes of ${document.name}: ${String(error)}`);
    }
  };

  const onUpdate = (_update: Uint8Array, origin: unknown) => {
    const author = authorOf(origin);
    if (author) authors.set(author.userId, author);
    if (!timer) {
      timer = setTimeout(check, everyMs);
      timer.unref();
    }
  };
  document.on("update", onUpdate);

  return {
    check,
    stop() {
      if (timer) clearTimeout(timer);
      timer = null;
      document.off("update", onUpdate);
    },
  };
}
