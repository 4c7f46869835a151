// Words, parameters and the form schema of the second factor (TOTP, docs/decisions/016), for pages on
// both sides. Every authenticator app reads these parameters: RFC 6238 with its defaults.
import { z } from "zod";

export const TOTP_ISSUER = "Accord";
export const TOTP_ALGORITHM = "SHA1";
export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 30;

/** Where a person sets up or replaces their authenticator. */
export const SECOND_FACTOR_PATH = "/account/second-factor";

export const CODE_FORMAT_MESSAGE = `Enter the ${TOTP_DIGITS}-digit code shown in your authenticator app`;

const CODE_PATTERN = new RegExp(`^\\d{${TOTP_DIGITS}}$`);

/** The code without the spaces apps and people put in it ("123 456"), or null when it is not 6 digits. */
export function normaliseCode(input: string): string | null {
  const code = input.replace(/\s+/g, "");
  return CODE_PATTERN.test(code) ? code : null;
}

/** A code field of a form: spaces removed, then exactly 6 digits. */
export const codeSchema = z
  .string({ required_error: CODE_FORMAT_MESSAGE })
  .transform((value, context) => {
    const code = normaliseCode(value);
    if (code === null) {
      context.addIssue({ code: z.ZodIssueCode.custom, message: CODE_FORMAT_MESSAGE });
      return z.NEVER;
    }
    return code;
  });

/** The secret as people type it by hand: groups of four characters. */
export function groupSecret(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(" ") ?? "";
}
