// What the Express server hands every loader and action (server/app.ts builds it).
import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** Nonce of this response's Content-Security-Policy, for Remix's inline scripts. */
    cspNonce: string;
    /** The client's address as the server saw it, for throttling and the audit trail. */
    clientAddress: string;
    /**
     * Set by app/entry.server.tsx when part of the page failed to render after its first bytes were
     * sent: such an answer is never kept for replay (server/page-replay.ts).
     */
    render: { failed: boolean };
  }
}

export {};
