// How a delegation is shown in the editor: a colour class per state (cursors, selections, the list of
// who is here). Classes, not inline styles: the Content-Security-Policy forbids style attributes.
export const PRESENCE_COLOURS = 8;

export function presenceClass(stateCode: string | null | undefined): string {
  if (!stateCode) return "presence-0";
  let hash = 0;
  for (const char of stateCode) hash = (hash * 31 + char.charCodeAt(0)) % 997;
  return `presence-${(hash % (PRESENCE_COLOURS - 1)) + 1}`;
}

export interface Person {
  clientId: number;
  name: string;
  stateCode: string | null;
}

/** The people an awareness update lists, one entry per connection that has announced itself. */
export function peopleFrom(states: ReadonlyArray<{ clientId: number; user?: unknown }>): Person[] {
  const people: Person[] = [];
  for (const state of states) {
    const user = state.user as { name?: unknown; stateCode?: unknown } | undefined;
    if (!user || typeof user.name !== "string") continue;
    people.push({
      clientId: state.clientId,
      name: user.name,
      stateCode: typeof user.stateCode === "string" ? user.stateCode : null,
    });
  }
  return people.sort((a, b) => a.name.localeCompare(b.name));
}
