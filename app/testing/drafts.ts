// Test support for the negotiation: an instrument with its draft document holding the demo draft, made
// through the domain functions, and the actor of a person acting for their state.
import * as Y from "yjs";
import { buildInstrument } from "../../db/factories";
import type { DocumentRow, InstrumentRow, Role } from "../../db/schema";
import { demoDraft, documentToYDoc } from "../../editor";
import { SYSTEM_ACTOR, type Actor } from "../models/audit.server";
import { createDocument, draftDocumentName } from "../models/document.server";
import { createInstrument } from "../models/instrument.server";
import { addState, getState } from "../models/state.server";
import { createPerson } from "./routes";

export interface TestDraft {
  instrument: InstrumentRow;
  document: DocumentRow;
}

export function createDraft(): TestDraft {
  const instrument = createInstrument(SYSTEM_ACTOR, buildInstrument());
  const initial = Y.encodeStateAsUpdate(documentToYDoc(demoDraft()));
  const document = createDocument(SYSTEM_ACTOR, { instrumentId: instrument.id, name: draftDocumentName(instrument.slug), initial });
  return { instrument, document };
}

export interface TestPerson {
  userId: number;
  stateCode: string | null;
  /** How domain functions are told who acts: the person, for their state. */
  actor: Actor;
}

/** A person holding one role (for a state, added if needed). */
export function personWith(role: Role, stateCode: string | null = null): TestPerson {
  if (stateCode && !getState(stateCode)) addState(SYSTEM_ACTOR, { code: stateCode });
  const { user } = createPerson({ role, stateCode });
  return { userId: user.id, stateCode, actor: { userId: user.id, stateCode } };
}
