// Messages of the public states pages. Every key is "states." plus a name; French has exactly the English keys.
export const states = {
  en: {},
  fr: {},
} as const;
