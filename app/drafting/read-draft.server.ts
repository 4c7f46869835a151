// Reading a draft as it stands on the server, for pages that render it without the live editor (the
// read-only view for observers and for browsers without JavaScript). Works on the stored Yjs state,
// never on a client's copy.
import type { Node } from "prosemirror-model";
import * as Y from "yjs";
import {
  createYDoc,
  documentFromYDoc,
  documentOutline,
  documentToHTML,
  InvalidDocumentError,
  repairDocument,
  yDocToJSON,
  type OutlineSection,
} from "../../editor";
import { draftDocumentName, loadDocumentUpdate } from "../models/document.server";

export interface DraftView {
  html: string;
  outline: OutlineSection[];
}

function draftNode(update: Uint8Array): Node {
  const ydoc = createYDoc();
  Y.applyUpdate(ydoc, update);
  try {
    return documentFromYDoc(ydoc);
  } catch (error) {
    // Concurrent edits can leave the stored state briefly outside the schema until the server repairs
    // it; a reader gets the repaired form, nothing is written back from here.
    if (error instanceof InvalidDocumentError) return repairDocument(yDocToJSON(ydoc));
    throw error;
  } finally {
    ydoc.destroy();
  }
}

/** The draft of an instrument as HTML with its outline, or null when it has no draft document. */
export function readDraft(instrumentSlug: string): DraftView | null {
  const update = loadDocumentUpdate(draftDocumentName(instrumentSlug));
  if (!update) return null;
  const doc = draftNode(update);
  return { html: documentToHTML(doc), outline: documentOutline(doc) };
}
