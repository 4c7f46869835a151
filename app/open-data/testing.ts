// Test support for open data: pledges that exercise every field and every event of the formats,
// recorded on paper by a chair through the domain, as the chair would record them.
import type { EditionRow } from "../../db/schema";
import { SYSTEM_ACTOR } from "../models/audit.server";
import { addState, getState } from "../models/state.server";
import { recordPaperDeclaration, recordPaperPledge, recordPaperWithdrawal } from "../models/pledge.server";
import { personWith } from "../testing/drafts";
import { adoptedEdition } from "../testing/pledges";
import { confirmationFor } from "../testing/second-factor";

/** Commas, quotes and a line break: everything CSV must quote. */
export const QUOTED_DECLARATION = 'Norway applies the code, "in good faith",\nto cloud services too.';
/** A declaration a spreadsheet would run as a formula if it were written as it is. */
export const FORMULA_DECLARATION = '=HYPERLINK("https://example.org","click")';
export const WITHDRAWAL_REASON = "+ The government is reconsidering its export policy.";

/**
 * An adopted edition (30 days before the clock's today, which must be at least 2026-11-20) and three
 * pledges: Norway subscribes with two declarations (the first formula-like), Denmark endorses and withdraws, Sweden subscribes.
 */
export async function openDataScenario(): Promise<{ edition: EditionRow }> {
  const { edition } = await adoptedEdition(30);
  for (const code of ["NO", "DK", "SE"]) if (!getState(code)) addState(SYSTEM_ACTOR, { code });
  const chair = personWith("chair");
  const confirm = () => confirmationFor(chair.actor);
  const norway = recordPaperPledge(chair.actor, confirm(), {
    editionId: edition.id,
    stateCode: "NO",
    kind: "subscription",
    effectiveDate: "2026-11-02",
    declaration: FORMULA_DECLARATION,
  });
  const denmark = recordPaperPledge(chair.actor, confirm(), { editionId: edition.id, stateCode: "DK", kind: "endorsement", effectiveDate: "2026-11-03" });
  recordPaperDeclaration(chair.actor, confirm(), { pledgeId: norway.id, text: QUOTED_DECLARATION, effectiveDate: "2026-11-04" });
  recordPaperPledge(chair.actor, confirm(), { editionId: edition.id, stateCode: "SE", kind: "subscription", effectiveDate: "2026-11-05" });
  recordPaperWithdrawal(chair.actor, confirm(), { pledgeId: denmark.id, reason: WITHDRAWAL_REASON, effectiveDate: "2026-11-10" });
  return { edition };
}
