// The instrument a negotiation page is about and its draft document, found from the address, or a 404
// thrown for the route to show. Every page under /instruments/<slug>/ starts here.
import { json } from "@remix-run/node";
import type { DocumentRow, InstrumentRow } from "../../db/schema";
import { draftDocumentName, findDocumentByName } from "../models/document.server";
import { getInstrumentBySlug } from "../models/instrument.server";

export interface DraftContext {
  instrument: InstrumentRow;
  document: DocumentRow;
}

export function requireDraftContext(slug: string | undefined): DraftContext {
  const instrument = slug ? getInstrumentBySlug(slug) : undefined;
  const document = instrument ? findDocumentByName(draftDocumentName(instrument.slug)) : undefined;
  if (!instrument || !document) throw json({ message: "There is no draft at this address." }, { status: 404 });
  return { instrument, document };
}
