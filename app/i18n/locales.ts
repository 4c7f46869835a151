// The languages of Accord's public pages and how a request picks one (docs/decisions/018). English is
// served at the unprefixed address (`/pledges`), every other language under its code (`/fr/pledges`),
// so an address names its language and can be cited and cached as it is. Browser-safe.
export const LANGS = ["en", "fr"] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = "en";

/** What a language calls itself, for the switcher. */
export const LANG_NAMES: Record<Lang, string> = { en: "English", fr: "Français" };

export function isLang(value: string | undefined): value is Lang {
  return (LANGS as readonly string[]).includes(value ?? "");
}

/** The language an address is in: its first segment when that is a language other than the default. */
export function langOfPath(pathname: string): Lang {
  const first = pathname.split("/")[1];
  return isLang(first) && first !== DEFAULT_LANG ? first : DEFAULT_LANG;
}

/** The address without its language prefix. */
export function unprefixedPath(pathname: string): string {
  const lang = langOfPath(pathname);
  if (lang === DEFAULT_LANG) return pathname;
  const rest = pathname.slice(lang.length + 1);
  return rest === "" ? "/" : rest;
}

/** `path` (unprefixed, starting with "/") in `lang`. */
export function localizedPath(lang: Lang, path: string): string {
  if (lang === DEFAULT_LANG) return path;
  return path === "/" ? `/${lang}` : `/${lang}${path}`;
}

/** The best of our languages for an Accept-Language header (RFC 9110 quality values), or null. */
export function negotiateLang(header: string | null): Lang | null {
  if (!header) return null;
  const ranked = header
    .split(",")
    .map((part, order) => {
      const [range = "", ...params] = part.trim().split(";");
      const q = params.map((param) => /^\s*q=([0-9.]+)\s*$/.exec(param)?.[1]).find((value) => value !== undefined);
      return { base: range.trim().toLowerCase().split("-")[0] ?? "", q: q === undefined ? 1 : Number(q), order };
    })
    .filter((entry) => entry.q > 0 && !Number.isNaN(entry.q))
    .sort((a, b) => b.q - a.q || a.order - b.order);
  for (const entry of ranked) if (isLang(entry.base)) return entry.base;
  return null;
}
