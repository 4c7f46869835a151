// Messages of the public open-data pages. Every key is "open-data." plus a name; French has exactly the English keys.
export const openData = {
  en: {},
  fr: {},
} as const;
