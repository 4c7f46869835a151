import * as encoding from "lib0/encoding";
import { expect, test } from "vitest";
import * as Y from "yjs";
import { DOCUMENT_FRAGMENT, demoDraft, documentToYDoc } from "../../editor";
import { readIncoming, updateProblem } from "./update-check";

/** The update `change` makes to a copy of the demo draft. */
function updateOf(change: (fragment: Y.XmlFragment, doc: Y.Doc) => void): Uint8Array {
  const doc = documentToYDoc(demoDraft());
  const before = Y.encodeStateVector(doc);
  change(doc.getXmlFragment(DOCUMENT_FRAGMENT), doc);
  return Y.encodeStateAsUpdate(doc, before);
}

test("the whole demo draft and ordinary edits fit the schema", () => {
  expect(updateProblem(Y.encodeStateAsUpdate(documentToYDoc(demoDraft())))).toBeNull();
  const typed = updateOf((fragment) => {
    const text = (fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    text.insert(0, "Draft ");
    text.format(0, 5, { em: {} });
    text.delete(6, 2);
  });
  expect(updateProblem(typed)).toBeNull();
  const paragraph = updateOf((fragment) => {
    const element = new Y.XmlElement("paragraph");
    element.insert(0, [new Y.XmlText("more")]);
    (fragment.get(1) as Y.XmlElement).insert(0, [element]);
  });
  expect(updateProblem(paragraph)).toBeNull();
});

test("foreign nodes, marks, attributes, shared types and content kinds are named", () => {
  expect(updateProblem(updateOf((fragment) => fragment.insert(0, [new Y.XmlElement("script")])))).toBe("unknown node script");
  expect(
    updateProblem(updateOf((fragment) => ((fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText).format(0, 2, { blink: true }))),
  ).toBe("unknown mark blink");
  expect(updateProblem(updateOf((fragment) => (fragment.get(0) as Y.XmlElement).setAttribute("onclick", "x")))).toBe(
    "unknown attribute onclick",
  );
  expect(updateProblem(updateOf((_fragment, doc) => doc.getMap("other").set("id", 1)))).toBe("unknown shared type other");
  expect(updateProblem(updateOf((fragment) => fragment.insert(0, [new Y.XmlText("loose")])))).toBeNull();
  // Yjs accepts any shared type inside an XML element at run time; its types only admit XML nodes.
  const foreign = (type: object) => type as Y.XmlElement;
  expect(updateProblem(updateOf((fragment) => (fragment.get(1) as Y.XmlElement).insert(0, [foreign(new Y.Map())])))).toBe(
    "a shared type that is not part of a document",
  );
  expect(updateProblem(updateOf((fragment) => fragment.insert(0, [foreign(new Y.XmlHook("hook"))])))).toBe(
    "a shared type that is not part of a document",
  );
  expect(updateProblem(new Uint8Array([255, 255, 255]))).toBe("the update cannot be decoded");
});

function message(build: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, "instrument/x");
  build(encoder);
  return encoding.toUint8Array(encoder);
}

test("sync step 2 and update messages carry an update; other messages do not", () => {
  const update = new Uint8Array([0, 0]);
  for (const [type, step] of [
    [0, 1],
    [0, 2],
    [4, 2],
  ]) {
    const incoming = readIncoming(
      message((e) => {
        encoding.writeVarUint(e, type!);
        encoding.writeVarUint(e, step!);
        encoding.writeVarUint8Array(e, update);
      }),
    );
    expect(incoming).toEqual({ kind: "update", update });
  }
  expect(readIncoming(message((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 0))))).toEqual({ kind: "other" });
  expect(readIncoming(message((e) => encoding.writeVarUint(e, 1)))).toEqual({ kind: "other" });
  expect(() => readIncoming(message((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 2))))).toThrow();
});
