// How Accord writes time on its pages: instants in UTC to the minute (the audit trail to the
// second), calendar dates in words. One place, so every page says a date the same way.
const MONTHS = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
] as const;

/** `2026-11-27 03:51 UTC` */
export function formatInstant(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** `2026-11-27 03:51:31 UTC` */
export function formatInstantToSecond(at: Date): string {
  return `${at.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** `10 December 2021` from `2021-12-10` */
export function formatIsoDate(iso: string): string {
  const [year, month, day] = iso.split("-").map(Number);
  const name = MONTHS[(month ?? 0) - 1];
  return name && day ? `${day} ${name} ${year}` : iso;
}
