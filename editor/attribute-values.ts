// What a valid attribute value is. The schema validates with these, the converters re-check links with them
// (defence in depth: HTML output must never carry a script URL even if a bad value slipped in), and the repair
// step uses them to decide what to keep.

/** Stable ids (clauses, brackets): URL-safe, so they can appear in links, anchors and data attributes unescaped. */
const STABLE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** ISO 3166-1 alpha-2, upper case; `XK` (Kosovo, no ISO code) has the same shape. */
const STATE_CODE = /^[A-Z]{2}$/;

const SAFE_LINK_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);

/** Bounds that keep a bracket's attributes small: they travel with every keystroke inside the bracket. */
export const MAX_BRACKET_ALTERNATIVES = 20;
export const MAX_ALTERNATIVE_LENGTH = 2000;
export const MAX_HREF_LENGTH = 2048;

export function isStableId(value: unknown): value is string {
  return typeof value === "string" && STABLE_ID.test(value);
}

export function isStateCode(value: unknown): value is string {
  return typeof value === "string" && STATE_CODE.test(value);
}

/** Only http, https and mailto; no white space or control characters, which browsers strip and attackers use. */
export function isSafeHref(value: unknown): value is string {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_HREF_LENGTH) return false;
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(value)) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return SAFE_LINK_PROTOCOLS.has(url.protocol);
}

export function isStateCodeList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every(isStateCode) && new Set(value).size === value.length;
}

export function isAlternativeList(value: unknown): value is string[] {
  return (
    Array.isArray(value) &&
    value.length <= MAX_BRACKET_ALTERNATIVES &&
    value.every((alternative) => typeof alternative === "string" && alternative.length <= MAX_ALTERNATIVE_LENGTH)
  );
}

/** ProseMirror calls `validate` with the value and expects a throw when it is wrong. */
export function validator(check: (value: unknown) => boolean, what: string): (value: unknown) => void {
  return (value) => {
    if (!check(value)) throw new RangeError(`Invalid ${what}: ${describe(value)}`);
  };
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
