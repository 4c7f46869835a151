import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { demoDraft, emptyCodeOfConduct } from "../starting-documents";
import { clause, code, h, p, section } from "../test-builder";
import { documentToJSON, InvalidDocumentError } from "./json";
import {
  createYDoc,
  DOCUMENT_FRAGMENT,
  documentFragment,
  documentFromYDoc,
  documentToYDoc,
  jsonToYDoc,
  repairYDoc,
  updateYDoc,
  yDocToJSON,
} from "./ydoc";

/** y-prosemirror writes `attrs: {}` on marks without attributes; ProseMirror leaves it out. */
function withEmptyMarkAttrs(key: string, value: unknown): unknown {
  if (key === "marks" && Array.isArray(value))
    return value.map((mark: { attrs?: unknown }) => ({ attrs: {}, ...mark }));
  return value;
}

describe("Y.Doc conversions", () => {
  it("round-trips Node → Y.Doc → JSON to the same document", () => {
    const ydoc = documentToYDoc(demoDraft());
    expect(documentFromYDoc(ydoc).eq(demoDraft())).toBe(true);
    expect(documentToJSON(documentFromYDoc(ydoc))).toEqual(documentToJSON(demoDraft()));
  });

  it("round-trips JSON → Y.Doc → JSON, refusing invalid JSON on the way in", () => {
    const json = documentToJSON(demoDraft());
    expect(yDocToJSON(jsonToYDoc(json))).toEqual(JSON.parse(JSON.stringify(json, withEmptyMarkAttrs)));
    expect(documentToJSON(documentFromYDoc(jsonToYDoc(json)))).toEqual(json);
    expect(() => jsonToYDoc({ type: "doc", content: [] })).toThrow(InvalidDocumentError);
  });

  it("survives the trip through an encoded update into another replica", () => {
    const replica = createYDoc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(documentToYDoc(demoDraft())));
    expect(documentFromYDoc(replica).eq(demoDraft())).toBe(true);
  });

  it("keeps deleted content (gc off) and uses the one fragment name", () => {
    const ydoc = documentToYDoc(emptyCodeOfConduct("Draft"));
    expect(ydoc.gc).toBe(false);
    expect(createYDoc().gc).toBe(false);
    expect(DOCUMENT_FRAGMENT).toBe("document");
    expect(ydoc.share.has(DOCUMENT_FRAGMENT)).toBe(true);
    expect(documentFragment(ydoc).length).toBe(3);
  });

  it("updates only what changed", () => {
    const ydoc = documentToYDoc(demoDraft());
    const updates: Uint8Array[] = [];
    ydoc.on("update", (update: Uint8Array) => updates.push(update));
    const edited = demoDraft();
    const paragraph = edited.child(1).child(0);
    const changed = edited.replace(2, 2 + paragraph.nodeSize, edited.slice(2, 2 + paragraph.nodeSize)); // identity
    updateYDoc(ydoc, changed);
    expect(updates).toHaveLength(0);
    const one = code(section(h("S"), clause("c1", p("one two"))));
    const target = documentToYDoc(one);
    let size = 0;
    target.on("update", (update: Uint8Array) => (size += update.length));
    updateYDoc(target, code(section(h("S"), clause("c1", p("one and two")))), "test");
    expect(documentFromYDoc(target).textContent).toContain("one and two");
    expect(size).toBeLessThan(100);
  });

  it("refuses a Y.Doc that does not hold a valid document", () => {
    expect(() => documentFromYDoc(createYDoc())).toThrow(InvalidDocumentError);
    const foreign = createYDoc();
    foreign.getXmlFragment(DOCUMENT_FRAGMENT).insert(0, [new Y.XmlElement("script")]);
    expect(() => documentFromYDoc(foreign)).toThrow(InvalidDocumentError);
    expect(yDocToJSON(foreign)).toEqual({ type: "doc", content: [{ type: "script" }] });
  });

  it("repairs a merged document that left the schema, once, and only when needed", () => {
    const ydoc = documentToYDoc(demoDraft());
    expect(repairYDoc(ydoc)).toBe(false);
    // Two replicas each remove one of the two clauses of section 2, concurrently.
    const other = createYDoc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(ydoc));
    const sectionOf = (doc: Y.Doc) => documentFragment(doc).get(3) as Y.XmlElement;
    sectionOf(ydoc).delete(1, 1);
    sectionOf(other).delete(2, 1);
    Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(other));
    expect(() => documentFromYDoc(ydoc)).toThrow(InvalidDocumentError);
    expect(repairYDoc(ydoc)).toBe(true);
    const repaired = documentFromYDoc(ydoc);
    expect(repaired.child(3).childCount).toBe(2); // heading and a fresh empty clause
    expect(repairYDoc(ydoc)).toBe(false);
  });
});
