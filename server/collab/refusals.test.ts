// Each refusal of the collaboration server, with another client editing the same document throughout:
// the refusal ends only the offending connection, stores nothing, and is logged once.
import { afterEach, beforeEach, expect, test } from "vitest";
import * as decoding from "lib0/decoding";
import WebSocket from "ws";
import * as Y from "yjs";
import { COLLAB_TOKEN_TTL_MS } from "../../app/auth/collab-token.server";
import { countDocumentUpdates, findDocumentByName } from "../../app/models/document.server";
import { setClock } from "../../app/lib/clock.server";
import { listMemberships, revokeMembership } from "../../app/models/membership.server";
import { disableUser } from "../../app/models/user.server";
import { DOCUMENT_FRAGMENT, newStableId } from "../../editor";
import { CLOSE_CODES } from "./server";
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
let name: string;
let editor: Client;

beforeEach(async () => {
  server = await startServer();
  clients = [];
  name = draftDocument();
  editor = open(name, tokenFor(person("delegate", "NO"), name));
  await synced(editor);
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

/** The bystander keeps editing, its edit is confirmed and stored. */
async function editorStillWorks(text: string): Promise<void> {
  await typeConfirmed(editor, text);
  expect(storedTitle(name)).toContain(text);
}

/** Hocuspocus's message type for "your update was (1) or was not (0) applied". */
const SYNC_STATUS = 8;

const logged = (fragment: string) => server.logs.filter((line) => line.includes(fragment));

test("a bad, expired or misdirected token and an unknown document are refused at authentication", async () => {
  const delegate = person("delegate", "AU");
  const start = Date.now();
  setClock(() => start - COLLAB_TOKEN_TTL_MS - 1000);
  const expired = tokenFor(delegate, name);
  setClock(null);
  const other = draftDocument();
  const attempts: [string, string, string][] = [
    [name, "c1.bm90.aGVsbG8", "invalid-token"],
    [name, expired, "invalid-token"],
    [name, tokenFor(delegate, other), "invalid-token"],
    ["instrument/nowhere", tokenFor(delegate, "instrument/nowhere"), "unknown-document"],
    // A signer may read but not edit: an edit token for one is refused.
    [name, tokenFor(person("signer", "AU"), name, "edit"), "forbidden"],
  ];
  for (const [documentName, token, reason] of attempts) {
    const client = open(documentName, token);
    await waitFor(() => client.failures.length > 0, `the refusal of ${reason}`);
    expect(client.failures).toEqual([reason]);
    expect(client.provider.isSynced).toBe(false);
    await editorStillWorks(` ${reason}`);
  }
  expect(logged("refused a connection")).toHaveLength(attempts.length);
});

test("a person disabled after the token was issued is refused", async () => {
  const delegate = person("delegate", "DK");
  const token = tokenFor(delegate, name);
  disableUser({ userId: null }, delegate.userId);
  const client = open(name, token);
  await waitFor(() => client.failures.length > 0, "the refusal");
  expect(client.failures).toEqual(["forbidden"]);
});

test("open connections of a person who loses the role or is disabled are closed; the others stay", async () => {
  const denmark = person("delegate", "DK");
  const sweden = person("delegate", "SE");
  const danish = open(name, tokenFor(denmark, name));
  const swedish = open(name, tokenFor(sweden, name));
  await Promise.all([synced(danish), synced(swedish)]);
  expect(server.recheckAccess()).toBe(0);

  const membership = listMemberships(denmark.userId)[0];
  revokeMembership({ userId: null }, membership?.id ?? 0);
  disableUser({ userId: null }, sweden.userId);
  expect(server.recheckAccess()).toBe(2);
  await waitFor(() => danish.closes.length > 0 && swedish.closes.length > 0, "both connections to close");
  expect(danish.closes[0]).toEqual({ code: CLOSE_CODES.revoked, reason: "access changed: reconnect" });
  expect(logged("no longer holds draft:edit for DK")).toHaveLength(1);
  expect(logged(`user ${sweden.userId} no longer exists or is disabled`)).toHaveLength(1);
  // A closed provider would try to reconnect; these two have nothing more to do.
  danish.destroy();
  swedish.destroy();
  await editorStillWorks(" after revocations");
});

test("a delegation may name only its own state on a bracket, or join one another state already holds", async () => {
  const denmark = open(name, tokenFor(person("delegate", "DK"), name));
  const sweden = open(name, tokenFor(person("delegate", "SE"), name));
  await Promise.all([synced(denmark), synced(sweden)]);

  // Denmark brackets a word for itself; Sweden joins that bracket: both fine.
  const held = newStableId();
  titleText(denmark.doc).format(0, 4, { bracket: { id: held, holders: ["DK"], alternatives: [] } });
  await waitFor(() => JSON.stringify(titleText(sweden.doc).toDelta()).includes(held), "Sweden to see Denmark's bracket");
  titleText(sweden.doc).format(0, 4, { bracket: { id: held, holders: ["DK", "SE"], alternatives: [] } });
  await waitFor(() => sweden.provider.unsyncedChanges === 0, "Sweden's joining to be confirmed");

  // Sweden names Norway on a new bracket: refused, and nothing of it is stored.
  const foreign = newStableId();
  titleText(sweden.doc).format(5, 3, { bracket: { id: foreign, holders: ["NO"], alternatives: [] } });
  await waitFor(() => sweden.closes.length > 0, "the refusal");
  expect(sweden.closes[0]).toEqual({ code: CLOSE_CODES.schema, reason: "update refused: a delegation names only its own state on a bracket" });
  sweden.destroy();
  expect(logged("a bracket named as held by NO")).toHaveLength(1);
  const stored = JSON.stringify(titleText(storedDoc(name)).toDelta());
  expect(stored).toContain(held);
  expect(stored).toContain('"DK","SE"');
  expect(stored).not.toContain(foreign);
  await editorStillWorks(" after brackets");
});

test("a foreign Origin is refused with 403 at the upgrade, and other paths are not upgraded", async () => {
  const status = await new Promise<number>((resolve, reject) => {
    const socket = new WebSocket(server.url, { origin: "https://attacker.example" });
    socket.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
    socket.on("open", () => reject(new Error("the upgrade was accepted")));
  });
  expect(status).toBe(403);
  const noOrigin = await new Promise<number>((resolve) => {
    const socket = new WebSocket(server.url);
    socket.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
  });
  expect(noOrigin).toBe(403);
  const otherPath = await new Promise<string>((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}/elsewhere`, { origin: server.origin });
    socket.on("error", (error) => resolve(error.message));
  });
  expect(otherPath).toMatch(/socket hang up|ECONNRESET/);
  expect(logged("refused a WebSocket upgrade")).toHaveLength(2);
  await editorStillWorks(" after origins");
});

test("an observer's write is dropped: nothing is stored and nobody receives it", async () => {
  const observer = open(name, tokenFor(person("observer", null), name, "read"));
  await synced(observer);
  expect(observer.provider.authorizedScope).toBe("readonly");
  const id = findDocumentByName(name)!.id;
  const before = countDocumentUpdates(id);

  // The server answers every update with a sync status; 0 means "not applied".
  const statuses: number[] = [];
  observer.provider.on("message", ({ event }: { event: { data: ArrayBuffer | Uint8Array } }) => {
    const decoder = decoding.createDecoder(new Uint8Array(event.data));
    decoding.readVarString(decoder);
    if (decoding.readVarUint(decoder) === SYNC_STATUS) statuses.push(decoding.readVarInt(decoder));
  });
  titleText(observer.doc).insert(0, "OBSERVER ");
  await waitFor(() => statuses.includes(0), "the server's refusal of the observer's update");
  // A late 1 may still come from the opening sync, which had nothing new; exactly one update was refused.
  expect(statuses.filter((status) => status === 0)).toHaveLength(1);

  await editorStillWorks(" after the observer");
  expect(countDocumentUpdates(id)).toBe(before + 1);
  expect(storedTitle(name)).not.toContain("OBSERVER");
  expect(titleText(editor.doc).toString()).not.toContain("OBSERVER");
});

test("a frame over 1 MiB closes that connection and the server keeps serving others", async () => {
  const code = await new Promise<number>((resolve) => {
    const socket = new WebSocket(server.url, { origin: server.origin });
    socket.on("open", () => socket.send(new Uint8Array(1024 * 1024 + 1)));
    socket.on("close", (closeCode) => resolve(closeCode));
  });
  expect(code).toBe(1009);
  await waitFor(() => logged("Max payload size exceeded").length === 1, "the log of the oversized frame");
  await editorStillWorks(" after the big frame");
});

test("an update naming a node outside the schema is refused, not stored and not broadcast", async () => {
  const intruder = open(name, tokenFor(person("delegate", "AU"), name));
  await synced(intruder);
  const id = findDocumentByName(name)!.id;
  const before = countDocumentUpdates(id);

  const fragment = intruder.doc.getXmlFragment(DOCUMENT_FRAGMENT);
  fragment.insert(fragment.length, [new Y.XmlElement("script")]);
  await waitFor(() => intruder.closes.length > 0, "the intruder's connection to close");

  expect(intruder.closes[0]).toEqual({ code: CLOSE_CODES.schema, reason: "update refused: it does not fit the document schema" });
  expect(logged("unknown node script")).toHaveLength(1);
  await editorStillWorks(" after the script");
  expect(countDocumentUpdates(id)).toBe(before + 1);
  const names = (doc: Y.Doc) => doc.getXmlFragment(DOCUMENT_FRAGMENT).toArray().map((node) => (node as Y.XmlElement).nodeName);
  expect(names(storedDoc(name))).not.toContain("script");
  expect(names(editor.doc)).not.toContain("script");
});

test("a flood of updates is cut off by the rate limit while another client keeps editing", async () => {
  const flooder = open(name, tokenFor(person("delegate", "AU"), name));
  await synced(flooder);
  const title = titleText(flooder.doc);
  // One provider message per transaction: 400 at once is far over the burst of 120.
  for (let i = 0; i < 400; i += 1) title.insert(0, "x");
  await waitFor(() => flooder.closes.length > 0, "the flooder's connection to close");

  expect(flooder.closes[0]?.code).toBe(CLOSE_CODES.rateLimited);
  expect(flooder.closes[0]?.reason).toMatch(/^rate-limited/);
  expect(logged("too many messages")).toHaveLength(1);
  await editorStillWorks(" after the flood");
  const xs = storedTitle(name).match(/^x*/)?.[0].length ?? 0;
  expect(xs).toBeLessThan(400);
});
