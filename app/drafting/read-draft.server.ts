// Reading a draft as it stands on the server, for pages that render it without the live editor (the
// read-only view for observers and for browsers without JavaScript). Works on the stored Yjs state,
// never on a client's copy.
import type { Node } from "prosemirror-model";
import { documentOutline, documentToHTML, type OutlineSection } from "../../editor";
import { draftDocumentName, readStoredDocument } from "../models/document.server";

export interface DraftView {
  html: string;
  outline: OutlineSection[];
}

/** The draft of an instrument as a ProseMirror document, as stored, or null when it has none. */
export function readDraftDocument(instrumentSlug: string): Node | null {
  return readStoredDocument(draftDocumentName(instrumentSlug));
}

/** The draft of an instrument as HTML with its outline, or null when it has no draft document. */
export function readDraft(instrumentSlug: string): DraftView | null {
  const doc = readDraftDocument(instrumentSlug);
  if (!doc) return null;
  return { html: documentToHTML(doc), outline: documentOutline(doc) };
}
