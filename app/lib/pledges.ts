// Words, limits and form schemas for pledges, for the pledge module and for the pages on both sides
// (a *.server module is empty in the browser, so shared values live here).
import { z } from "zod";
import type { PledgeChannel, PledgeKind } from "../../db/schema";
import { formatIsoDate } from "./dates";

export type { PledgeChannel, PledgeKind };

export const DECLARATION_MAX = 10_000;
export const WITHDRAWAL_REASON_MAX = 2_000;

/** What each kind of pledge means, in one line, as the pledge form explains it. */
export const PLEDGE_KIND_CHOICES = [
  { value: "subscription", label: "Subscribe", hint: "Your state commits to the code: it undertakes to apply it." },
  { value: "endorsement", label: "Endorse", hint: "Your state supports the code politically, without committing to apply it." },
] as const satisfies ReadonlyArray<{ value: PledgeKind; label: string; hint: string }>;

export const PLEDGE_KIND_LABELS = {
  subscription: "Subscribed",
  endorsement: "Endorsed",
} as const satisfies Record<PledgeKind, string>;

/** "Withdrawn on 2 May 2024 (pledged 30 March 2023)" or "Active since 30 March 2023". */
export function pledgeStatusText(pledge: { effectiveDate: string; withdrawal: { effectiveDate: string } | null }): string {
  return pledge.withdrawal
    ? `Withdrawn on ${formatIsoDate(pledge.withdrawal.effectiveDate)} (pledged ${formatIsoDate(pledge.effectiveDate)})`
    : `Active since ${formatIsoDate(pledge.effectiveDate)}`;
}

/** A pledge's public id: its number in decimal, no sign or leading zero (as in log entries). */
export function parsePledgeId(value: string | undefined): number | null {
  if (!value || !/^[1-9]\d{0,15}$/.test(value)) return null;
  const id = Number(value);
  return Number.isSafeInteger(id) ? id : null;
}

// ---- form fields (the one-time code is checked by its own module; here only its shape)

export const oneTimeCodeSchema = z
  .string({ required_error: "Enter the 6-digit code from your authenticator app" })
  .trim()
  .regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app");

export const pledgeKindSchema = z.enum(["subscription", "endorsement"] satisfies [PledgeKind, PledgeKind], {
  errorMap: () => ({ message: "Choose whether your state subscribes or endorses" }),
});

export const declarationSchema = z
  .string({ required_error: "Enter the declaration" })
  .trim()
  .min(1, "Enter the declaration")
  .max(DECLARATION_MAX, `A declaration has at most ${DECLARATION_MAX.toLocaleString("en")} characters`);

/** An optional declaration made with a pledge: empty means none. */
export const optionalDeclarationSchema = z
  .string()
  .trim()
  .max(DECLARATION_MAX, `A declaration has at most ${DECLARATION_MAX.toLocaleString("en")} characters`)
  .default("")
  .transform((value) => value || null);

export const withdrawalReasonSchema = z
  .string({ required_error: "Enter the reason for the withdrawal" })
  .trim()
  .min(1, "Enter the reason for the withdrawal")
  .max(WITHDRAWAL_REASON_MAX, `The reason has at most ${WITHDRAWAL_REASON_MAX.toLocaleString("en")} characters`);
