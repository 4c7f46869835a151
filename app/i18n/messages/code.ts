// Messages of the public code pages. Every key is "code." plus a name; French has exactly the English keys.
export const code = {
  en: {},
  fr: {},
} as const;
