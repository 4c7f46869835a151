// Addresses of published files that end in an extension, `/code/<edition>.pdf` or `/states/<code>.atom`,
// as people expect to cite and download them. Remix's routes cannot put a suffix after a dynamic
// segment, so these addresses are rewritten, before the Remix handler sees them, to the resource
// routes that serve them: `/code/<edition>/files/<format>` and `/states/<code>/files/<format>`. Only
// the listed extensions are rewritten; anything else reaches Remix unchanged (and gets its 404).
//
// A state's feed is written in the language of its address, like the state's page: `/fr/states/NO.atom`
// is rewritten to `/fr/states/NO/files/atom`. An edition's files have no French address: they are the
// edition's text in the language it was adopted in, the same bytes whatever page links to them, so
// `/fr/code/<edition>.pdf` is left alone and gets Remix's 404.
import type { RequestHandler } from "express";
import { DEFAULT_LANG, LANGS } from "../app/i18n/locales";

/** `/fr` and the like: an optional prefix naming a language other than the default (captured without its slash). */
const LANG_PREFIX = `(?:/(${LANGS.filter((lang) => lang !== DEFAULT_LANG).join("|")}))?`;

const FILE_ADDRESSES: readonly { pattern: RegExp; to: (match: RegExpExecArray) => string }[] = [
  { pattern: /^\/code\/([a-z0-9]+(?:-[a-z0-9]+)*)\.(json|pdf|docx|akn\.xml)$/, to: ([, edition, format]) => `/code/${edition}/files/${format}` },
  {
    pattern: new RegExp(`^${LANG_PREFIX}/states/([A-Z]{2})\\.(atom)$`),
    to: ([, lang, code, format]) => `${lang ? `/${lang}` : ""}/states/${code}/files/${format}`,
  },
];

/** The resource route's path for a published file's address, or null when `pathname` is not one. */
export function fileRoutePath(pathname: string): string | null {
  for (const { pattern, to } of FILE_ADDRESSES) {
    const match = pattern.exec(pathname);
    if (match) return to(match);
  }
  return null;
}

export function rewriteFileAddresses(): RequestHandler {
  return (req, _res, next) => {
    const target = fileRoutePath(req.path);
    if (target) {
      const query = req.originalUrl.slice(req.originalUrl.indexOf("?") === -1 ? req.originalUrl.length : req.originalUrl.indexOf("?"));
      // The Remix adapter builds its Request from `originalUrl`; Express routes on `url`.
      req.url = `${target}${query}`;
      req.originalUrl = `${target}${query}`;
    }
    next();
  };
}
