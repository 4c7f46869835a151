// Every language has exactly the English keys, and every message is valid ICU syntax with the same
// placeholders as its English original.
import { createIntl } from "react-intl";
import { expect, test } from "vitest";
import { LANGS, localizedPath, langOfPath, negotiateLang, unprefixedPath } from "./locales";
import { MESSAGES } from "./messages";

const placeholders = (message: string) => [...message.matchAll(/\{\s*([a-zA-Z0-9_]+)/g)].map((match) => match[1]).sort();

test("every language has exactly the English keys, with the same placeholders", () => {
  const english = MESSAGES.en;
  for (const lang of LANGS) {
    const messages = MESSAGES[lang];
    expect(Object.keys(messages).sort(), lang).toEqual(Object.keys(english).sort());
    for (const [id, message] of Object.entries(messages)) {
      expect(message.trim(), `${lang} ${id}`).not.toBe("");
      expect(placeholders(message), `${lang} ${id}`).toEqual(placeholders(english[id] ?? ""));
    }
  }
});

test("every message formats without an ICU error", () => {
  for (const lang of LANGS) {
    const errors: string[] = [];
    const intl = createIntl({ locale: lang, messages: MESSAGES[lang], onError: (error) => errors.push(error.message) });
    for (const id of Object.keys(MESSAGES[lang])) {
      const values = Object.fromEntries(placeholders(MESSAGES.en[id] ?? "").map((name) => [name, 1]));
      intl.formatMessage({ id }, values);
    }
    expect(errors, lang).toEqual([]);
  }
});

test("addresses name their language; Accept-Language picks the best of ours", () => {
  expect(langOfPath("/fr/pledges")).toBe("fr");
  expect(langOfPath("/pledges")).toBe("en");
  expect(langOfPath("/en/pledges")).toBe("en");
  expect(langOfPath("/french")).toBe("en");
  expect(unprefixedPath("/fr/pledges")).toBe("/pledges");
  expect(unprefixedPath("/fr")).toBe("/");
  expect(localizedPath("fr", "/")).toBe("/fr");
  expect(localizedPath("fr", "/states/NO")).toBe("/fr/states/NO");
  expect(localizedPath("en", "/states/NO")).toBe("/states/NO");
  expect(negotiateLang("fr-CH, fr;q=0.9, en;q=0.8")).toBe("fr");
  expect(negotiateLang("de, en;q=0.5, fr;q=0.4")).toBe("en");
  expect(negotiateLang("fr;q=0, en")).toBe("en");
  expect(negotiateLang("de")).toBeNull();
  expect(negotiateLang(null)).toBeNull();
});
