// Every message of the interface, by language. Each feature keeps its messages in ./messages/<feature>.ts
// (keys prefixed with the feature), so pages are translated where they are written; this file merges them.
import type { Lang } from "./locales";
import { code } from "./messages/code";
import { common } from "./messages/common";
import { errors } from "./messages/errors";
import { feeds } from "./messages/feeds";
import { home } from "./messages/home";
import { log } from "./messages/log";
import { openData } from "./messages/open-data";
import { pledges } from "./messages/pledges";
import { states } from "./messages/states";

const FEATURES = [common, errors, home, code, pledges, states, openData, log, feeds];

type English = (typeof common)["en"] &
  (typeof errors)["en"] &
  (typeof home)["en"] &
  (typeof code)["en"] &
  (typeof pledges)["en"] &
  (typeof states)["en"] &
  (typeof openData)["en"] &
  (typeof log)["en"] &
  (typeof feeds)["en"];

export type MessageId = keyof English;

function merged(lang: Lang): Record<string, string> {
  return Object.assign({}, ...FEATURES.map((feature) => feature[lang])) as Record<string, string>;
}

export const MESSAGES: Record<Lang, Record<string, string>> = { en: merged("en"), fr: merged("fr") };
