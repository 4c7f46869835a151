// Messages of the public pledges pages. Every key is "pledges." plus a name; French has exactly the English keys.
export const pledges = {
  en: {},
  fr: {},
} as const;
