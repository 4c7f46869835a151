// Messages of the public home pages. Every key is "home." plus a name; French has exactly the English keys.
export const home = {
  en: {},
  fr: {},
} as const;
