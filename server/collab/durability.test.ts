// Group commit: updates of one turn of the event loop share a transaction, and confirmations wait for
// it. The journal on a real SQLite file, then the whole path with real clients.
import type { Connection } from "@hocuspocus/server";
import { afterEach, expect, test } from "vitest";
import * as Y from "yjs";
import { appendDocumentUpdates, countDocumentUpdates, createDocument, findDocumentByName } from "../../app/models/document.server";
import { createInstrument } from "../../app/models/instrument.server";
import { buildInstrument } from "../../db/factories";
import { DocumentJournal, isSyncStatusMessage } from "./durability";
import {
  connect,
  draftDocument,
  person,
  startServer,
  storedTitle,
  synced,
  titleText,
  tokenFor,
  waitFor,
  type Client,
  type TestServer,
} from "./testing";

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
/** Hocuspocus's "applied" message for a document, as its OutgoingMessage writes it. */
const appliedMessage = (name: string) => {
  const bytes = new TextEncoder().encode(name);
  return new Uint8Array([bytes.length, ...bytes, 8, 1]);
};
const connection = {} as Connection;

function edits(count: number): Uint8Array[] {
  const doc = new Y.Doc({ gc: false });
  const updates: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < count; i++) doc.getText("t").insert(i, String(i));
  return updates;
}

function documentIdOf(name: string): number {
  const row = findDocumentByName(name);
  if (!row) throw new Error(`no document ${name}`);
  return row.id;
}

test("updates of one turn are stored together, and a confirmation waits until they are", async () => {
  const name = draftDocument();
  const id = documentIdOf(name);
  const journal = new DocumentJournal(name, id, () => undefined);
  const sent: Uint8Array[] = [];

  for (const update of edits(3)) journal.append({ update, userId: null });
  expect(journal.hold(connection, appliedMessage(name), (message) => sent.push(message))).toBe(true);
  expect(countDocumentUpdates(id)).toBe(0);
  expect(sent).toHaveLength(0);

  await nextTurn();
  expect(countDocumentUpdates(id)).toBe(3);
  expect(sent).toHaveLength(1);
  expect(journal.pendingCount).toBe(0);
  // Nothing pending: a confirmation goes out at once.
  expect(journal.hold(connection, appliedMessage(name), (message) => sent.push(message))).toBe(false);
});

test("a commit that fails confirms nothing, keeps the updates and stores them on the next attempt", async () => {
  const logs: string[] = [];
  // The id the next document will get: until it exists, the foreign key refuses the rows.
  const nextId = documentIdOf(draftDocument()) + 1;
  const journal = new DocumentJournal("instrument/later", nextId, (message) => logs.push(message));
  const sent: Uint8Array[] = [];
  for (const update of edits(2)) journal.append({ update, userId: null });
  journal.hold(connection, appliedMessage("instrument/later"), (message) => sent.push(message));

  expect(journal.flush()).toBe(false);
  expect(sent).toHaveLength(0);
  expect(journal.pendingCount).toBe(2);
  expect(logs).toEqual([expect.stringContaining("could not store updates of instrument/later, retrying")]);

  const instrument = createInstrument({ userId: null }, buildInstrument());
  const created = createDocument({ userId: null }, { instrumentId: instrument.id, name: "instrument/later", initial: Y.encodeStateAsUpdate(new Y.Doc()) });
  expect(created.id).toBe(nextId);
  expect(journal.flush()).toBe(true);
  expect(countDocumentUpdates(nextId)).toBe(2);
  expect(sent).toHaveLength(1);
  expect(logs.at(-1)).toBe("stored the held updates of instrument/later");
});

test("only Hocuspocus's applied message is recognised as a confirmation", () => {
  expect(isSyncStatusMessage(appliedMessage("instrument/a"))).toBe(true);
  expect(isSyncStatusMessage(new Uint8Array([1, 97, 0, 2]))).toBe(false);
  expect(isSyncStatusMessage(new Uint8Array([200]))).toBe(false);
  expect(isSyncStatusMessage("text")).toBe(false);
});

let server: TestServer | null = null;
const clients: Client[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await server?.close();
  server = null;
});

test("while the disk refuses an edit, its sender is not told it is saved; once stored, it is", async () => {
  let refusals = 2;
  let unconfirmedWhenStored: number | null = null;
  let client: Client | null = null;
  server = await startServer({
    storeUpdates: (documentId, updates) => {
      if (refusals > 0) {
        refusals -= 1;
        throw new Error("disk I/O error");
      }
      // Runs inside the commit, before any confirmation is released.
      unconfirmedWhenStored = client?.provider.unsyncedChanges ?? null;
      appendDocumentUpdates(documentId, updates);
    },
  });
  const name = draftDocument();
  client = connect(server, name, tokenFor(person("delegate", "NO"), name));
  clients.push(client);
  await synced(client);

  const title = titleText(client.doc);
  title.insert(title.length, " kept");
  await waitFor(() => refusals === 0, "the store to refuse twice");
  expect(client.provider.unsyncedChanges).toBeGreaterThan(0);
  await waitFor(() => client?.provider.unsyncedChanges === 0, "the edit to be confirmed after the retry", 10_000);
  expect(unconfirmedWhenStored).toBeGreaterThan(0);
  expect(storedTitle(name)).toContain(" kept");
  expect(server.logs).toContain(`stored the held updates of ${name}`);
});
