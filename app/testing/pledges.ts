// Test support for pledges: an adopted edition of a fresh instrument, made through the domain
// functions as the chair would make it.
import type { EditionRow } from "../../db/schema";
import { demoFirstEdition, updateYDoc } from "../../editor";
import { nowMs } from "../lib/clock.server";
import { editDocument } from "../models/document.server";
import { adoptEdition } from "../models/edition.server";
import { saveVersion } from "../models/version.server";
import { createDraft, personWith, type TestDraft } from "./drafts";
import { confirmationFor } from "./second-factor";

const DAY_MS = 86_400_000;

/** The demo code adopted by a new chair as edition 1 of a new instrument, `daysAgo` days before the clock's today. */
export async function adoptedEdition(daysAgo = 30): Promise<TestDraft & { edition: EditionRow }> {
  const draft = createDraft();
  const chair = personWith("chair");
  // The demo draft holds one square bracket; the adopted text holds none.
  await editDocument(draft.document.name, chair.userId, (ydoc) => updateYDoc(ydoc, demoFirstEdition()));
  const version = saveVersion(chair.actor, draft.document, { name: "Final text", note: "" });
  const adoptedOn = new Date(nowMs() - daysAgo * DAY_MS).toISOString().slice(0, 10);
  const edition = adoptEdition(chair.actor, confirmationFor(chair.actor), {
    instrumentId: draft.instrument.id,
    versionNumber: version.number,
    title: "Code of Conduct, first edition",
    adoptedOn,
  });
  return { ...draft, edition };
}
