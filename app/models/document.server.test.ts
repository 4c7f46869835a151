import { expect, test } from "vitest";
import * as Y from "yjs";
import { buildInstrument, buildUser } from "../../db/factories";
import { listAuditEvents } from "./audit.server";
import {
  appendDocumentUpdate,
  compactDocument,
  countDocumentUpdates,
  createDocument,
  DocumentError,
  draftDocumentName,
  findDocumentByName,
  loadDocumentUpdate,
} from "./document.server";
import { createInstrument } from "./instrument.server";
import { createUser } from "./user.server";

/** A Y.Doc with gc off (as on every replica) and a text to edit. */
function replica(update?: Uint8Array): Y.Doc {
  const doc = new Y.Doc({ gc: false });
  if (update) Y.applyUpdate(doc, update);
  return doc;
}

/** Applies `edit` to `doc` and returns the update it produced. */
function edit(doc: Y.Doc, change: (text: Y.Text) => void): Uint8Array {
  let produced: Uint8Array | null = null;
  const listener = (update: Uint8Array) => {
    produced = update;
  };
  doc.on("update", listener);
  change(doc.getText("t"));
  doc.off("update", listener);
  if (!produced) throw new Error("the edit produced no update");
  return produced;
}

function newDocument() {
  const actor = { userId: createUser({ userId: null }, buildUser()).id };
  const instrument = createInstrument(actor, buildInstrument());
  const start = replica();
  start.getText("t").insert(0, "start");
  const document = createDocument(actor, {
    instrumentId: instrument.id,
    name: draftDocumentName(instrument.slug),
    initial: Y.encodeStateAsUpdate(start),
  });
  return { actor, instrument, document, start };
}

const textOf = (update: Uint8Array | null) => (update ? replica(update).getText("t").toString() : null);

test("a document is created with its starting state and an audit event, and found by name", () => {
  const { actor, instrument, document } = newDocument();
  expect(document).toMatchObject({ name: `instrument/${instrument.slug}`, instrumentId: instrument.id, compactedThrough: 0 });
  expect(findDocumentByName(document.name)?.id).toBe(document.id);
  expect(textOf(loadDocumentUpdate(document.name))).toBe("start");
  const [event] = listAuditEvents({ subject: `document:${document.id}` });
  expect(event).toMatchObject({ action: "document.created", actorUserId: actor.userId });
  expect(() => createDocument(actor, { instrumentId: instrument.id, name: document.name, initial: new Uint8Array([0, 0]) })).toThrow(
    DocumentError,
  );
  expect(loadDocumentUpdate("instrument/none")).toBeNull();
});

test("a document loads as its state merged with every update appended after it", () => {
  const { document, start } = newDocument();
  appendDocumentUpdate(document.id, edit(start, (t) => t.insert(5, " one")), null);
  appendDocumentUpdate(document.id, edit(start, (t) => t.insert(9, " two")), null);
  expect(countDocumentUpdates(document.id)).toBe(2);
  expect(textOf(loadDocumentUpdate(document.name))).toBe("start one two");
});

test("compaction folds the log into the state without changing the document", () => {
  const { document, start } = newDocument();
  for (let i = 0; i < 20; i += 1) appendDocumentUpdate(document.id, edit(start, (t) => t.insert(t.length, ` ${i}`)), null);
  appendDocumentUpdate(document.id, edit(start, (t) => t.delete(0, 2)), null);
  const before = loadDocumentUpdate(document.name);

  expect(compactDocument(document.id)).toBe(21);

  expect(countDocumentUpdates(document.id)).toBe(0);
  const after = loadDocumentUpdate(document.name);
  expect(textOf(after)).toBe(textOf(before));
  // Same items and the same deletions: the state vectors and delete sets agree.
  expect(Y.encodeStateVectorFromUpdate(after!)).toEqual(Y.encodeStateVectorFromUpdate(before!));
  expect(Y.encodeStateAsUpdate(replica(after!))).toEqual(Y.encodeStateAsUpdate(replica(before!)));
  expect(compactDocument(document.id)).toBe(0);
});

test("an update appended while compaction runs is kept in the log after the new state", () => {
  const { document, start } = newDocument();
  appendDocumentUpdate(document.id, edit(start, (t) => t.insert(5, " folded")), null);
  const late = edit(start, (t) => t.insert(t.length, " late"));

  // The probe runs after compaction has read the state and the log, before it writes.
  const folded = compactDocument(document.id, { afterRead: () => appendDocumentUpdate(document.id, late, null) });

  expect(folded).toBe(1);
  expect(countDocumentUpdates(document.id)).toBe(1);
  expect(findDocumentByName(document.name)?.compactedThrough).toBeGreaterThan(0);
  expect(textOf(loadDocumentUpdate(document.name))).toBe("start folded late");
  compactDocument(document.id);
  expect(countDocumentUpdates(document.id)).toBe(0);
  expect(textOf(loadDocumentUpdate(document.name))).toBe("start folded late");
});
