// Y.Doc ⇄ ProseMirror, with y-prosemirror's DOM-free helpers, for the server and tests. The Y.Doc is the source
// of truth of a living draft: starting content goes into the Y.Doc, never into an editor. Every Y.Doc here is
// created with gc: false, because named versions are Yjs snapshots and snapshots need the deleted content.
import { type Node } from "prosemirror-model";
import { prosemirrorToYXmlFragment, yXmlFragmentToProsemirrorJSON } from "y-prosemirror";
import * as Y from "yjs";
import { repairDocument } from "../repair";
import { documentFromJSON, InvalidDocumentError, isValidDocumentJSON, type NodeJSON } from "./json";

/** The name of the Y.XmlFragment holding the document, in every Y.Doc of every replica. */
export const DOCUMENT_FRAGMENT = "document";

export function createYDoc(): Y.Doc {
  return new Y.Doc({ gc: false });
}

export function documentFragment(ydoc: Y.Doc): Y.XmlFragment {
  return ydoc.getXmlFragment(DOCUMENT_FRAGMENT);
}

/** A new Y.Doc holding the document: how a draft starts (from a template, an import or the demo). */
export function documentToYDoc(doc: Node): Y.Doc {
  const ydoc = createYDoc();
  prosemirrorToYXmlFragment(doc, documentFragment(ydoc));
  return ydoc;
}

/** A new Y.Doc from stored or imported ProseMirror JSON, validated first (throws InvalidDocumentError). */
export function jsonToYDoc(json: unknown): Y.Doc {
  return documentToYDoc(documentFromJSON(json));
}

/** The Y.Doc's content as ProseMirror JSON, as it is: not validated (see documentFromYDoc). */
export function yDocToJSON(ydoc: Y.Doc): NodeJSON {
  const fragment = documentFragment(ydoc);
  try {
    return yXmlFragmentToProsemirrorJSON(fragment) as NodeJSON;
  } catch (error) {
    // y-prosemirror throws on types other than XML elements and text, which only a foreign update can add.
    throw new InvalidDocumentError("The Y.Doc holds content that is not a document.", { cause: error });
  }
}

/** The Y.Doc's document, validated: throws InvalidDocumentError when it does not fit the schema. */
export function documentFromYDoc(ydoc: Y.Doc): Node {
  return documentFromJSON(yDocToJSON(ydoc));
}

/**
 * Makes the Y.Doc hold `doc`, changing only what differs (y-prosemirror's diff, the same one its editor
 * binding uses), in one Yjs transaction with the given origin.
 */
export function updateYDoc(ydoc: Y.Doc, doc: Node, origin: unknown = null): void {
  ydoc.transact(() => {
    prosemirrorToYXmlFragment(doc, documentFragment(ydoc));
  }, origin);
}

/**
 * If merged updates left the Y.Doc's document outside the schema, writes the repaired document back (see
 * repair.ts) and returns true. Meant for one replica only, the server: concurrent repairs could duplicate the
 * content they fill in.
 */
export function repairYDoc(ydoc: Y.Doc, origin: unknown = null): boolean {
  const json = yDocToJSON(ydoc);
  if (isValidDocumentJSON(json)) return false;
  updateYDoc(ydoc, repairDocument(json), origin);
  return true;
}
