// The collaboration server end to end: real SQLite, a real HTTP server on 127.0.0.1 with the /collab
// upgrade, and real WebSocket clients.
import { afterEach, beforeEach, expect, test } from "vitest";
import * as Y from "yjs";
import { countDocumentUpdates, findDocumentByName } from "../../app/models/document.server";
import { DOCUMENT_FRAGMENT, documentFromYDoc, isValidDocumentJSON, yDocToJSON } from "../../editor";
import {
  connect,
  draftDocument,
  person,
  startServer,
  storedDoc,
  storedTitle,
  synced,
  titleText,
  tokenFor,
  typeConfirmed,
  waitFor,
  type Client,
  type TestServer,
} from "./testing";

let server: TestServer;
let clients: Client[];

beforeEach(async () => {
  server = await startServer();
  clients = [];
});

afterEach(async () => {
  for (const client of clients) client.destroy();
  await server.close();
});

function open(documentName: string, token: string): Client {
  const client = connect(server, documentName, token);
  clients.push(client);
  return client;
}

test("two editors converge, every confirmed edit is stored, and a restarted server serves the same document", async () => {
  const name = draftDocument();
  const norway = person("delegate", "NO");
  const australia = person("delegate", "AU");
  const a = open(name, tokenFor(norway, name));
  const b = open(name, tokenFor(australia, name));
  await Promise.all([synced(a), synced(b)]);
  const document = findDocumentByName(name);
  // Loading the stored document and syncing clients that bring nothing new writes nothing.
  expect(countDocumentUpdates(document!.id)).toBe(0);

  // Concurrent edits at the same place, then more from each side.
  titleText(a.doc).insert(0, "[A] ");
  titleText(b.doc).insert(0, "[B] ");
  await typeConfirmed(a, " (Oslo)");
  await typeConfirmed(b, " (Canberra)");
  await waitFor(() => titleText(a.doc).toString() === titleText(b.doc).toString() && titleText(a.doc).toString().includes("Canberra") && titleText(a.doc).toString().includes("Oslo"), "the editors to converge");

  const converged = titleText(a.doc).toString();
  expect(converged).toMatch(/^\[[AB]\] \[[AB]\] /);
  expect(storedTitle(name)).toBe(converged);
  expect(Y.encodeStateVector(storedDoc(name))).toEqual(Y.encodeStateVector(a.doc));
  expect(countDocumentUpdates(document!.id)).toBeGreaterThanOrEqual(4);

  for (const client of [a, b]) client.destroy();
  await server.restart();

  const c = open(name, tokenFor(norway, name));
  await synced(c);
  expect(titleText(c.doc).toString()).toBe(converged);
  expect(documentFromYDoc(c.doc).toJSON()).toEqual(documentFromYDoc(a.doc).toJSON());
  // Closing folded the log into the state without changing the document.
  expect(countDocumentUpdates(document!.id)).toBe(0);
  expect(findDocumentByName(name)!.compactedThrough).toBeGreaterThan(0);
});

test("the stored document keeps growing across compactions triggered by the log's length", async () => {
  for (const client of clients) client.destroy();
  await server.close();
  server = await startServer({ compactAfter: 3 });
  const name = draftDocument();
  const editor = open(name, tokenFor(person("chair", null), name));
  await synced(editor);
  for (let i = 0; i < 8; i += 1) await typeConfirmed(editor, ` ${i}`);
  // Compaction runs from Hocuspocus's debounced store; wait for it instead of sleeping.
  const id = findDocumentByName(name)!.id;
  await waitFor(() => findDocumentByName(name)!.compactedThrough > 0, "a compaction", 15_000);
  expect(countDocumentUpdates(id)).toBeLessThanOrEqual(8);
  expect(storedTitle(name)).toBe(titleText(editor.doc).toString());
}, 20_000);

test("a client's claimed identity in awareness is replaced by the server's", async () => {
  const name = draftDocument();
  const delegate = person("delegate", "DK");
  const observer = person("observer", null);
  const forger = open(name, tokenFor(delegate, name));
  const watcher = open(name, tokenFor(observer, name, "read"));
  await Promise.all([synced(forger), synced(watcher)]);

  forger.provider.setAwarenessField("user", { name: "The Chair", stateCode: "US", role: "chair", colour: "red" });
  forger.provider.setAwarenessField("cursor", { anchor: 1 });
  const forgerId = forger.doc.clientID;
  await waitFor(() => watcher.provider.awareness?.getStates().get(forgerId)?.cursor !== undefined, "the forger's awareness");

  const seen = watcher.provider.awareness?.getStates().get(forgerId);
  expect(seen?.user).toMatchObject({ name: delegate.name, stateCode: "DK", role: "delegate" });
  expect(seen?.user.colour).toMatch(/^hsl\(/);
  expect(seen?.cursor).toEqual({ anchor: 1 });
});

test("an update that leaves the schema's content rules is repaired by the server and the repair is stored", async () => {
  const name = draftDocument();
  const editor = open(name, tokenFor(person("delegate", "NO"), name));
  const peer = open(name, tokenFor(person("delegate", "AU"), name));
  await Promise.all([synced(editor), synced(peer)]);

  // Deleting every section is a structurally valid update, but a document needs at least one section.
  const fragment = editor.doc.getXmlFragment(DOCUMENT_FRAGMENT);
  fragment.delete(2, fragment.length - 2);
  expect(isValidDocumentJSON(yDocToJSON(editor.doc))).toBe(false);

  await waitFor(() => isValidDocumentJSON(yDocToJSON(editor.doc)) && isValidDocumentJSON(yDocToJSON(peer.doc)), "the repair to reach both clients");
  expect(isValidDocumentJSON(yDocToJSON(storedDoc(name)))).toBe(true);
  expect(server.logs.some((line) => line.startsWith(`repaired ${name}`))).toBe(true);
});

test("closing the collaboration server closes every connection and folds the log into the state", async () => {
  const name = draftDocument();
  const editor = open(name, tokenFor(person("delegate", "NO"), name));
  await synced(editor);
  await typeConfirmed(editor, " before shutdown");
  const id = findDocumentByName(name)!.id;
  expect(countDocumentUpdates(id)).toBe(1);

  await server.collab.close();

  await waitFor(() => editor.closes.length > 0 || editor.provider.isSynced === false, "the client to be disconnected");
  expect(server.collab.wss.clients.size).toBe(0);
  expect(countDocumentUpdates(id)).toBe(0);
  expect(storedTitle(name)).toBe(titleText(editor.doc).toString());
  // A new upgrade is refused by the closed instance; restart() attaches a fresh one for afterEach.
  await server.restart();
});
