// The one source of time for every rule with a deadline (sessions, invitations, throttling, and
// later silence procedures and one-time codes). Tests move it with `setClock`.
const CLOCK = Symbol.for("accord.clock");
type Registry = { [CLOCK]?: () => number };

export function nowMs(): number {
  const override = (globalThis as Registry)[CLOCK];
  return override ? override() : Date.now();
}

export function now(): Date {
  return new Date(nowMs());
}

/** Today's date in UTC as `YYYY-MM-DD`. */
export function today(): string {
  return now().toISOString().slice(0, 10);
}

/** Replaces the clock (pass `null` to restore the system clock). */
export function setClock(clock: (() => number) | null): void {
  const registry = globalThis as Registry;
  if (clock) registry[CLOCK] = clock;
  else delete registry[CLOCK];
}
