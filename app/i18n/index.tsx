// Translation for pages and loaders, on react-intl (FormatJS, ICU message syntax). Pages call `useT()`;
// loaders, feeds and exports call `translator(lang)`. Dates are formatted in UTC: an effective date is a
// date on paper, the same everywhere.
import { createIntl, createIntlCache, IntlProvider, useIntl, type IntlShape } from "react-intl";
import type { ReactNode } from "react";
import { useLocation } from "@remix-run/react";
import { DEFAULT_LANG, isLang, langOfPath, type Lang } from "./locales";
import { MESSAGES, type MessageId } from "./messages";

export * from "./locales";
export type { MessageId };

export type Values = Record<string, string | number | Date | null | undefined>;
export type Translate = (id: MessageId, values?: Values) => string;

export interface Translator {
  lang: Lang;
  t: Translate;
  /** A calendar date `YYYY-MM-DD` as people write it in this language ("30 March 2023", "30 mars 2023"). */
  date(iso: string): string;
  /** An instant, to the minute, in UTC. */
  instant(at: Date | string): string;
  number(value: number): string;
}

function fromIntl(lang: Lang, intl: IntlShape): Translator {
  return {
    lang,
    t: (id, values) => intl.formatMessage({ id }, values as Record<string, string | number | Date>),
    date: (iso) => intl.formatDate(`${iso}T00:00:00Z`, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }),
    instant: (at) =>
      `${intl.formatDate(at, { day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" })} UTC`,
    number: (value) => intl.formatNumber(value),
  };
}

/** The locale each language formats dates and numbers in: British English writes "30 March 2023", as the texts do. */
const FORMAT_LOCALES: Record<Lang, string> = { en: "en-GB", fr: "fr-FR" };

const cache = createIntlCache();
const translators = new Map<Lang, Translator>();

/** The translator of a language, for loaders, feeds and exports. */
export function translator(lang: Lang): Translator {
  let found = translators.get(lang);
  if (!found) {
    found = fromIntl(lang, createIntl({ locale: FORMAT_LOCALES[lang], messages: MESSAGES[lang], defaultLocale: DEFAULT_LANG }, cache));
    translators.set(lang, found);
  }
  return found;
}

export function I18nProvider({ lang, children }: { lang: Lang; children: ReactNode }) {
  return (
    <IntlProvider locale={FORMAT_LOCALES[lang]} messages={MESSAGES[lang]} defaultLocale={DEFAULT_LANG}>
      {children}
    </IntlProvider>
  );
}

/** The page's translator (its language comes from the root loader). */
export function useT(): Translator {
  const intl = useIntl();
  const lang = intl.locale.split("-")[0];
  return fromIntl(isLang(lang) ? lang : DEFAULT_LANG, intl);
}

/** The page's language, from its address (docs/decisions/018). */
export function useLang(): Lang {
  return langOfPath(useLocation().pathname);
}

/**
 * The language a public route serves, from its optional `($lang)` segment: undefined is the default
 * language; the default's own code and anything else are not addresses of ours (404).
 */
export function langParam(value: string | undefined): Lang {
  if (value === undefined) return DEFAULT_LANG;
  if (isLang(value) && value !== DEFAULT_LANG) return value;
  throw new Response("Not found", { status: 404 });
}
