// A refusal the collaboration server explains to the client. Deliberately not an Error: Hocuspocus
// logs every rejected hook whose error has a `message` with console.error, and a refusal is an
// expected outcome that this server logs once itself, as a warning.
export class CollabRefusal {
  constructor(
    /** Sent to the client (permission-denied reason or WebSocket close reason): short, no secrets. */
    readonly reason: string,
    /** WebSocket close code when the refusal closes the connection (4000–4999: application codes). */
    readonly code = 4403,
  ) {}
}

export type CollabLog = (message: string) => void;

export const defaultCollabLog: CollabLog = (message) => console.warn(`[collab] ${message}`);
