import { expect, test } from "vitest";
import type * as Y from "yjs";
import { canonicalText, documentFragment } from "../../editor";
import { createDraft, personWith } from "../testing/drafts";
import { NotPermittedError } from "./acting.server";
import { listAuditEvents } from "./audit.server";
import { editDocument, readStoredDocument } from "./document.server";
import { getVersion, listVersions, restoreVersion, saveVersion, sha256Hex, VersionError, versionDocument } from "./version.server";

/** Appends text to the draft's title as one stored edit. */
async function retitle(name: string, userId: number, text: string): Promise<void> {
  await editDocument(name, userId, (ydoc) => {
    const title = (documentFragment(ydoc).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    title.insert(title.length, text);
  });
}

test("a saved version freezes the stored text with its canonical digest, numbered in order", async () => {
  const { document } = createDraft();
  const chair = personWith("chair");
  const first = saveVersion(chair.actor, document, { name: "Chair's text", note: "Basis for the first round" });
  await retitle(document.name, chair.userId, " (revised)");
  const second = saveVersion(chair.actor, document, { name: "  Chair's text, revision 2 ", note: "" });

  expect([first.number, second.number]).toEqual([1, 2]);
  expect(second.name).toBe("Chair's text, revision 2");
  expect(first.canonicalText).not.toContain("(revised)");
  expect(second.canonicalText).toContain("(revised)");
  expect(second.digest).toBe(sha256Hex(second.canonicalText));
  expect(canonicalText(versionDocument(second))).toBe(second.canonicalText);
  expect(listVersions(document.id).map((version) => version.number)).toEqual([2, 1]);
  expect(listAuditEvents({ action: "version.saved", instrumentId: document.instrumentId })).toHaveLength(2);
});

test("only the chair saves and restores versions, whoever calls the module", async () => {
  const { document } = createDraft();
  const delegate = personWith("delegate", "NO");
  expect(() => saveVersion(delegate.actor, document, { name: "Mine", note: "" })).toThrow(NotPermittedError);
  saveVersion(personWith("chair").actor, document, { name: "Chair's text", note: "" });
  await expect(restoreVersion(delegate.actor, document, 1)).rejects.toThrow(NotPermittedError);
  expect(listVersions(document.id)).toHaveLength(1);
});

test("a version needs a name of reasonable length and a note within bounds", () => {
  const { document } = createDraft();
  const chair = personWith("chair");
  expect(() => saveVersion(chair.actor, document, { name: "  ", note: "" })).toThrow(VersionError);
  expect(() => saveVersion(chair.actor, document, { name: "x".repeat(201), note: "" })).toThrow(/at most 200/);
  expect(() => saveVersion(chair.actor, document, { name: "Fine", note: "n".repeat(4001) })).toThrow(/at most 4,000/);
  expect(listVersions(document.id)).toEqual([]);
});

test("restoring a version is a new edit: the text reads as the version, the later version stays", async () => {
  const { document } = createDraft();
  const chair = personWith("chair");
  const first = saveVersion(chair.actor, document, { name: "Chair's text", note: "" });
  await retitle(document.name, chair.userId, " (revised)");
  saveVersion(chair.actor, document, { name: "Revision 2", note: "" });

  await restoreVersion(chair.actor, document, 1);
  const stored = readStoredDocument(document.name);
  expect(stored && canonicalText(stored)).toBe(first.canonicalText);
  expect(getVersion(document.id, 2)?.canonicalText).toContain("(revised)");
  const restored = listAuditEvents({ action: "version.restored" });
  expect(restored[0]).toMatchObject({ actorUserId: chair.userId, instrumentId: document.instrumentId });
  await expect(restoreVersion(chair.actor, document, 9)).rejects.toThrow("There is no version 9");
});
