// Limits of a named version's fields, for the version module and for the pages' forms on both sides
// (a *.server module is empty in the browser, so shared values live here).
export const VERSION_NAME_MAX = 200;
export const VERSION_NOTE_MAX = 4_000;
