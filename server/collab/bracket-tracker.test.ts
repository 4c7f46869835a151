// The server records what happens to square brackets from the text itself: a bracket added by one
// delegate is recorded as theirs, and its removal is recorded too, whatever the editor did.
import { afterEach, beforeEach, expect, test } from "vitest";
import { listBracketEvents } from "../../app/models/bracket.server";
import { listAuditEvents } from "../../app/models/audit.server";
import { findDocumentByName } from "../../app/models/document.server";
import { newStableId } from "../../editor";
import { connect, draftDocument, person, startServer, synced, titleText, tokenFor, waitFor, type Client, type TestServer } from "./testing";

let server: TestServer;
const clients: Client[] = [];

beforeEach(async () => {
  server = await startServer();
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await server.close();
});

test("a bracket added, then removed, by a delegate is recorded with them, on the instrument's timeline", async () => {
  const name = draftDocument();
  const documentId = findDocumentByName(name)?.id ?? 0;
  const norway = person("delegate", "NO");
  const client = connect(server, name, tokenFor(norway, name));
  clients.push(client);
  await synced(client);

  const id = newStableId();
  titleText(client.doc).format(0, 4, { bracket: { id, holders: ["NO"], alternatives: ["A code"] } });
  await waitFor(() => listBracketEvents(documentId).length === 1, "the bracket to be recorded");
  const [added] = listBracketEvents(documentId);
  expect(added).toMatchObject({ bracketId: id, kind: "added", userId: norway.userId, holders: '["NO"]', alternatives: '["A code"]' });
  expect(added?.text.length).toBe(4);

  titleText(client.doc).format(0, 4, { bracket: null });
  await waitFor(() => listBracketEvents(documentId).length === 2, "the removal to be recorded");
  expect(listBracketEvents(documentId)[0]).toMatchObject({ bracketId: id, kind: "removed", userId: norway.userId });
  const timeline = listAuditEvents({ action: "bracket.", subject: `bracket:${id}` });
  expect(timeline.map((event) => [event.action, event.actorStateCode])).toEqual([
    ["bracket.removed", "NO"],
    ["bracket.added", "NO"],
  ]);
});
