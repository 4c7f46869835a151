// What the Express server hands every loader and action (server/app.ts builds it).
import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** Nonce of this response's Content-Security-Policy, for Remix's inline scripts. */
    cspNonce: string;
    /** The client's address as the server saw it, for throttling and the audit trail. */
    clientAddress: string;
  }
}

export {};
