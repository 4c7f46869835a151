// Country names come from the ISO 3166-1 tables of i18n-iso-countries, never from what someone
// typed: a state is added by its code and takes the package's name. XK (Kosovo) is included there
// as the code in common use, though ISO has not assigned it.
import { createRequire } from "node:module";
import countries, { type LocaleData } from "i18n-iso-countries";

// The package is CommonJS and its locale tables are JSON: `require` loads both the same way under
// Node's ESM loader (which wants import attributes for JSON) and under the test runner.
const require = createRequire(import.meta.url);
countries.registerLocale(require("i18n-iso-countries/langs/en.json") as LocaleData);
countries.registerLocale(require("i18n-iso-countries/langs/fr.json") as LocaleData);

export const COUNTRY_LOCALES = ["en", "fr"] as const;
export type CountryLocale = (typeof COUNTRY_LOCALES)[number];

export interface Country {
  code: string;
  name: string;
}

/** True for an upper-case alpha-2 code the package knows (XK included). */
export function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && countries.getName(code, "en") !== undefined;
}

/** The name of a country in `locale`, or null when the code is not a country's. */
export function countryName(code: string, locale: CountryLocale = "en"): string | null {
  if (!isCountryCode(code)) return null;
  return countries.getName(code, locale) ?? null;
}

const collators = new Map<CountryLocale, Intl.Collator>();

/** Compares names as a reader expects (accents do not send "Côte d'Ivoire" after "Cyprus"). */
export function compareNames(a: string, b: string, locale: CountryLocale = "en"): number {
  let collator = collators.get(locale);
  if (!collator) {
    collator = new Intl.Collator(locale, { sensitivity: "base" });
    collators.set(locale, collator);
  }
  return collator.compare(a, b);
}

/** Every country the package knows, sorted by name. */
export function allCountries(locale: CountryLocale = "en"): Country[] {
  return Object.keys(countries.getAlpha2Codes())
    .map((code) => ({ code, name: countryName(code, locale) }))
    .filter((country): country is Country => country.name !== null)
    .sort((a, b) => compareNames(a.name, b.name, locale));
}
