// Test helpers for the collaboration server: a real HTTP server on 127.0.0.1 with the /collab upgrade,
// real WebSocket clients (HocuspocusProvider over `ws`), people with roles, and waiting on conditions.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import WebSocket from "ws";
import * as Y from "yjs";
import { buildInstrument, buildUser } from "../../db/factories";
import { issueCollabToken, type CollabScope } from "../../app/auth/collab-token.server";
import { createDocument, draftDocumentName, loadDocumentUpdate, type LiveEditor } from "../../app/models/document.server";
import { createInstrument } from "../../app/models/instrument.server";
import { grantMembership } from "../../app/models/membership.server";
import { addState, getState } from "../../app/models/state.server";
import { createUser } from "../../app/models/user.server";
import type { Role } from "../../db/schema";
import { DOCUMENT_FRAGMENT, demoDraft, documentToYDoc } from "../../editor";
import { liveEditorFor } from "./live-edit";
import { createCollabServer, type CollabServer, type CollabServerOptions } from "./server";
import { attachCollabUpgrade, type AttachedCollab } from "./upgrade";

/** Polls `condition` until it holds; fails with `what` after `timeoutMs`. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export interface Person {
  userId: number;
  name: string;
  stateCode: string | null;
  role: Role;
}

export function person(role: Role, stateCode: string | null): Person {
  if (stateCode && !getState(stateCode)) addState({ userId: null }, { code: stateCode });
  const input = buildUser();
  const user = createUser({ userId: null }, input);
  grantMembership({ userId: null }, { userId: user.id, role, stateCode });
  return { userId: user.id, name: user.name, stateCode, role };
}

/** A new instrument with its draft document holding the demo draft; returns the document name. */
export function draftDocument(): string {
  const instrument = createInstrument({ userId: null }, buildInstrument());
  const name = draftDocumentName(instrument.slug);
  createDocument({ userId: null }, { instrumentId: instrument.id, name, initial: Y.encodeStateAsUpdate(documentToYDoc(demoDraft())) });
  return name;
}

export function tokenFor(who: Person, documentName: string, scope: CollabScope = "edit"): string {
  return issueCollabToken({ userId: who.userId, documentName, scope, stateCode: who.stateCode });
}

export interface TestServer {
  port: number;
  url: string;
  origin: string;
  logs: string[];
  collab: AttachedCollab;
  /** Server-side edits through this server's Hocuspocus, as the server entry installs them. */
  liveEditor(): LiveEditor;
  /** The collaboration server's check of open connections against current roles (it also runs on a timer). */
  recheckAccess(): number;
  /** Stops the collaboration server and starts a fresh instance on the same HTTP server and database. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startServer(options: CollabServerOptions = {}): Promise<TestServer> {
  const logs: string[] = [];
  const log = (message: string) => logs.push(message);
  const server = http.createServer((_req, res) => res.end("ok"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const publicOrigin = null;
  let current: CollabServer | null = null;
  const attach = () => {
    current = createCollabServer({ log, ...options });
    return attachCollabUpgrade(server, current, { publicOrigin, log });
  };
  const result: TestServer = {
    port,
    url: `ws://127.0.0.1:${port}/collab`,
    origin: `http://127.0.0.1:${port}`,
    logs,
    collab: attach(),
    recheckAccess: () => current?.recheckAccess() ?? 0,
    liveEditor() {
      if (!current) throw new Error("the collaboration server is not running");
      return liveEditorFor(current.hocuspocus);
    },
    async restart() {
      await result.collab.close();
      result.collab = attach();
    },
    async close() {
      await result.collab.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return result;
}

export interface Client {
  provider: HocuspocusProvider;
  doc: Y.Doc;
  closes: { code: number; reason: string }[];
  failures: string[];
  destroy(): void;
}

/** A browser-like client: a provider over a `ws` socket that sends the page's Origin. */
export function connect(server: TestServer, documentName: string, token: string): Client {
  const origin = server.origin;
  class PageWebSocket extends WebSocket {
    constructor(url: string) {
      super(url, { origin });
    }
  }
  const socket = new HocuspocusProviderWebsocket({ url: server.url, WebSocketPolyfill: PageWebSocket, maxAttempts: 1 });
  const doc = new Y.Doc({ gc: false });
  const provider = new HocuspocusProvider({ websocketProvider: socket, name: documentName, document: doc, token });
  provider.attach();
  const closes: Client["closes"] = [];
  const failures: string[] = [];
  provider.on("close", ({ event }: { event: { code: number; reason: string } }) => closes.push({ code: event.code, reason: String(event.reason) }));
  provider.on("authenticationFailed", ({ reason }: { reason: string }) => failures.push(reason));
  return {
    provider,
    doc,
    closes,
    failures,
    destroy() {
      provider.destroy();
      socket.destroy();
    },
  };
}

export async function synced(client: Client): Promise<void> {
  await waitFor(() => client.provider.isSynced, "the provider to sync");
}

/** The title's text node: editing it keeps the document inside the schema. */
export function titleText(doc: Y.Doc): Y.XmlText {
  const title = doc.getXmlFragment(DOCUMENT_FRAGMENT).get(0) as Y.XmlElement;
  return title.get(0) as Y.XmlText;
}

/** Types `text` at the end of the title and waits until the server confirmed it. */
export async function typeConfirmed(client: Client, text: string): Promise<void> {
  const title = titleText(client.doc);
  title.insert(title.length, text);
  await waitFor(() => client.provider.unsyncedChanges === 0, `the server to confirm "${text}"`);
}

/** The document as stored in SQLite (state + log), as a Y.Doc. */
export function storedDoc(documentName: string): Y.Doc {
  const doc = new Y.Doc({ gc: false });
  const update = loadDocumentUpdate(documentName);
  if (update) Y.applyUpdate(doc, update);
  return doc;
}

export const storedTitle = (documentName: string) => titleText(storedDoc(documentName)).toString();
