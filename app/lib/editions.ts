// Limits and wording of an edition's adoption form, shared by the edition module and the pages (a
// *.server module is empty in the browser, so shared values live here).
export const EDITION_TITLE_MAX = 200;

/** How many hexadecimal digits of a digest a list shows; the edition's own page shows all 64. */
export const DIGEST_PREFIX_LENGTH = 16;

const ORDINALS = [
  "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth",
  "Eleventh", "Twelfth", "Thirteenth", "Fourteenth", "Fifteenth", "Sixteenth", "Seventeenth", "Eighteenth", "Nineteenth", "Twentieth",
] as const;

/** The title offered for the edition with this number: "First edition", "Second edition", … "Edition 21". */
export function suggestedEditionTitle(number: number): string {
  const ordinal = ORDINALS[number - 1];
  return ordinal ? `${ordinal} edition` : `Edition ${number}`;
}

/** The address of an edition's pages. */
export function editionPath(instrumentSlug: string, number: number): string {
  return `/instruments/${encodeURIComponent(instrumentSlug)}/editions/${number}`;
}
