// Where a clause's number and text sit on a printed page, shared by the DOCX and PDF files so both look alike.
// Numbers are written in full ("1.1(b)(ii)"), as on the site, in a column as wide as the level needs; each
// level starts a little further in, and the text hangs beside its number.

/** Widths in points (1/72 inch) of the number column, by clause level (1, 2, 3 and deeper). */
const NUMBER_WIDTHS = [36, 54, 72] as const;
const LEVEL_STEP = 18;
/** How far a list's text sits from its marker. */
export const LIST_MARKER_WIDTH = 18;

export interface ClauseIndent {
  /** Where the number starts, from the left margin. */
  number: number;
  /** Where the text starts. */
  text: number;
}

export function clauseIndent(level: number): ClauseIndent {
  const width = NUMBER_WIDTHS[Math.min(level, NUMBER_WIDTHS.length) - 1] ?? NUMBER_WIDTHS[0];
  const number = LEVEL_STEP * (level - 1);
  return { number, text: number + width };
}

/** A list item's marker: "•", or "1.", "2." in an ordered list. */
export function listMarker(ordered: boolean, index: number): string {
  return ordered ? `${index + 1}.` : "•";
}
