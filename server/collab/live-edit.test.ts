// Server-side edits of a living document: through the running collaboration server (connected
// editors see them at once) or on the stored document when none runs; attributed, and committed
// together with the records of the change that made them.
import { afterEach, beforeEach, expect, test } from "vitest";
import { listAuditEvents, recordAuditEvent } from "../../app/models/audit.server";
import {
  documentUpdateAuthors,
  editDocument,
  findDocumentByName,
  installLiveEditor,
} from "../../app/models/document.server";
import { connect, draftDocument, person, startServer, storedTitle, synced, titleText, tokenFor, waitFor, type Client, type TestServer } from "./testing";

let server: TestServer;
const clients: Client[] = [];

beforeEach(async () => {
  server = await startServer();
});

afterEach(async () => {
  installLiveEditor(null);
  for (const client of clients.splice(0)) client.destroy();
  await server.close();
});

/** A change that records an audit event and appends to the title, in that order. */
const appendToTitle = (userId: number, text: string) => (ydoc: Parameters<Parameters<typeof editDocument>[2]>[0]) => {
  recordAuditEvent({ userId }, { action: "test.title-appended", details: { text } });
  const title = titleText(ydoc);
  title.insert(title.length, text);
  return title.toString();
};

test("an edit through the collaboration server reaches connected editors, is stored and attributed", async () => {
  installLiveEditor(server.liveEditor());
  const name = draftDocument();
  const chair = person("chair", null);
  const editor = connect(server, name, tokenFor(person("delegate", "NO"), name));
  clients.push(editor);
  await synced(editor);

  const recorded = listAuditEvents({ action: "test.title-appended" }).length;
  const result = await editDocument(name, chair.userId, appendToTitle(chair.userId, " (chair's text)"));
  expect(result).toContain("(chair's text)");
  // Stored when the promise resolves, with the change's own record.
  expect(storedTitle(name)).toContain("(chair's text)");
  expect(listAuditEvents({ action: "test.title-appended" })).toHaveLength(recorded + 1);
  const documentId = findDocumentByName(name)?.id ?? 0;
  expect(documentUpdateAuthors(documentId)).toContain(chair.userId);
  await waitFor(() => titleText(editor.doc).toString().includes("(chair's text)"), "the editor to receive the edit");
});

test("a change that refuses stores neither its records nor any edit", async () => {
  installLiveEditor(server.liveEditor());
  const name = draftDocument();
  const before = storedTitle(name);
  const refusing = () => {
    recordAuditEvent({ userId: null }, { action: "test.refused" });
    throw new Error("the clause changed");
  };
  await expect(editDocument(name, null, refusing)).rejects.toThrow("the clause changed");
  expect(listAuditEvents({ action: "test.refused" })).toHaveLength(0);
  expect(storedTitle(name)).toBe(before);
});

test("without a collaboration server the edit goes to the stored document, with its records", async () => {
  const name = draftDocument();
  const chair = person("chair", null);
  const recorded = listAuditEvents({ action: "test.title-appended" }).length;
  await editDocument(name, chair.userId, appendToTitle(chair.userId, " (stored)"));
  expect(storedTitle(name)).toContain("(stored)");
  expect(listAuditEvents({ action: "test.title-appended" })).toHaveLength(recorded + 1);
  expect(documentUpdateAuthors(findDocumentByName(name)?.id ?? 0)).toEqual([chair.userId]);
});

test("while the disk refuses the document's edits, a server edit is refused whole: no record, nothing shown to editors", async () => {
  await server.close();
  server = await startServer({
    storeUpdates: () => {
      throw new Error("disk I/O error");
    },
  });
  installLiveEditor(server.liveEditor());
  const name = draftDocument();
  const editor = connect(server, name, tokenFor(person("delegate", "NO"), name));
  clients.push(editor);
  await synced(editor);
  const title = titleText(editor.doc);
  title.insert(title.length, " typed");
  await waitFor(() => server.logs.some((line) => line.startsWith(`could not store updates of ${name}`)), "the store to refuse");

  const chair = person("chair", null);
  const recorded = listAuditEvents({ action: "test.title-appended" }).length;
  await expect(editDocument(name, chair.userId, appendToTitle(chair.userId, " (decided)"))).rejects.toThrow(/cannot be stored at the moment/);
  expect(listAuditEvents({ action: "test.title-appended" })).toHaveLength(recorded);
  expect(titleText(editor.doc).toString()).not.toContain("(decided)");
});
