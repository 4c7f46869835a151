// The collaboration server: one Hocuspocus instance, configured with Accord's authentication,
// durability, message checks, awareness identities and compaction (docs/decisions/011). It is created
// in the server entry (never in a route module) and fed connections by ./upgrade.ts.
import { Hocuspocus, type Connection, type Document } from "@hocuspocus/server";
import { authenticateConnection, collabAccess } from "./authenticate";
import { trackBrackets, type BracketTracker } from "./bracket-tracker";
import { compactIfLong, holdConfirmationsUntilStored, loadDurably, type DocumentJournal, type StoreUpdates } from "./durability";
import { isCollabContext, overwriteAwarenessUsers } from "./identity";
import { TokenBucket } from "./rate-limit";
import { CollabRefusal, defaultCollabLog, type CollabLog } from "./refusal";
import { bracketHolderProblem, readIncoming, updateProblem } from "./update-check";
import { bracketsOfJSON, yDocToJSON } from "../../editor";

export interface CollabServerOptions {
  log?: CollabLog;
  /** Compact a document's log once it holds more updates than this. */
  compactAfter?: number;
  /** Messages per second and burst per connection. */
  rate?: { perSecond: number; burst: number };
  /** How often open connections are checked against the people's current roles. */
  recheckEveryMs?: number;
  /** Where accepted updates are stored; the document log unless a test puts a failing store in front. */
  storeUpdates?: StoreUpdates;
}

export interface CollabServer {
  hocuspocus: Hocuspocus;
  /** Closes the connections of people who lost the role they connected with; returns how many. */
  recheckAccess(): number;
  /** Stops the periodic checks and compacts every document this instance has loaded (at shutdown). */
  close(): void;
}

export const DEFAULT_RATE = { perSecond: 60, burst: 120 };

/** Close codes sent with a refusal, so the client can tell why its connection ended. */
export const CLOSE_CODES = { malformed: 4400, revoked: 4403, schema: 4422, rateLimited: 4429 } as const;

export function createCollabServer(options: CollabServerOptions = {}): CollabServer {
  const log = options.log ?? defaultCollabLog;
  const compactAfter = options.compactAfter ?? 500;
  const rate = options.rate ?? DEFAULT_RATE;
  const documentIds = new Map<string, number>();
  const journals = new Map<string, DocumentJournal>();
  const bracketTrackers = new Map<string, BracketTracker>();
  const buckets = new WeakMap<Connection, TokenBucket>();
  const refused = new WeakSet<Connection>();

  const compact = (name: string, threshold: number) => {
    const id = documentIds.get(name);
    if (id === undefined) return;
    // What is still in the journal goes to the log first (the compaction folds only the log).
    journals.get(name)?.flush();
    try {
      const folded = compactIfLong(id, threshold);
      if (folded > 0) log(`compacted ${folded} updates of ${name}`);
    } catch (error) {
      log(`could not compact ${name}: ${String(error)}`);
    }
  };

  /**
   * Closes the connection's socket with a reason and drops the message. The returned promise never
   * settles: a rejected beforeHandleMessage makes Hocuspocus log an error and close with its own
   * reason, while a pending one simply never applies the message (nothing keeps it alive).
   */
  const refuse = (connection: Connection, refusal: CollabRefusal, detail: string): Promise<never> => {
    if (!refused.has(connection)) {
      refused.add(connection);
      log(`closed a connection to ${connection.document.name}: ${detail}`);
      connection.webSocket.close(refusal.code, refusal.reason);
    }
    return new Promise<never>(() => undefined);
  };

  const hocuspocus = new Hocuspocus({
    name: "accord-collab",
    quiet: true,
    // Named versions are Yjs snapshots, which need deleted content on every replica, the server's too.
    yDocOptions: { gc: false, gcFilter: () => false },

    async onAuthenticate(payload) {
      return authenticateConnection(payload, log);
    },

    async onLoadDocument({ document, documentName, context }) {
      // onAuthenticate already refused unknown names, so a context without a document id cannot occur;
      // throwing here would leak the document, so the load only proceeds with one.
      if (!isCollabContext(context)) return;
      documentIds.set(documentName, context.documentId);
      journals.set(documentName, loadDurably(document, context.documentId, log, options.storeUpdates));
      bracketTrackers.set(documentName, trackBrackets(document, context.documentId, log));
      watchAwareness(document);
    },

    async beforeHandleMessage({ connection, update: data, context }) {
      if (refused.has(connection)) return new Promise<never>(() => undefined);
      let bucket = buckets.get(connection);
      if (!bucket) {
        // The connection's first message: from now on its confirmations wait for the disk.
        bucket = new TokenBucket(rate);
        buckets.set(connection, bucket);
        holdConfirmationsUntilStored(connection);
      }
      if (!bucket.take()) {
        return refuse(
          connection,
          new CollabRefusal(`rate-limited: more than ${rate.perSecond} messages a second`, CLOSE_CODES.rateLimited),
          "too many messages",
        );
      }
      let incoming: ReturnType<typeof readIncoming>;
      try {
        incoming = readIncoming(data);
      } catch {
        return refuse(connection, new CollabRefusal("malformed message", CLOSE_CODES.malformed), "a malformed message");
      }
      // Read-only connections: Hocuspocus drops their updates itself and tells the client.
      if (incoming.kind !== "update" || !isCollabContext(context) || context.readOnly) return;
      const problem = updateProblem(incoming.update);
      if (problem) {
        return refuse(
          connection,
          new CollabRefusal("update refused: it does not fit the document schema", CLOSE_CODES.schema),
          `an update from user ${context.identity.userId} that does not fit the schema (${problem})`,
        );
      }
      const ownState = context.identity.stateCode;
      const holders = ownState
        ? bracketHolderProblem(incoming.update, ownState, (id) => {
            const bracket = bracketsOfJSON(yDocToJSON(connection.document)).find((candidate) => candidate.id === id);
            return bracket?.holders ?? [];
          })
        : null;
      if (holders) {
        return refuse(
          connection,
          new CollabRefusal("update refused: a delegation names only its own state on a bracket", CLOSE_CODES.schema),
          `an update from user ${context.identity.userId} (${ownState}) with ${holders}`,
        );
      }
    },

    // Hocuspocus calls this debounced (2 s, at most 10 s) after changes: every update is already on
    // disk, so storing only means keeping the log short.
    async onStoreDocument({ documentName }) {
      compact(documentName, compactAfter);
    },

    // The last word on its brackets while the document is still in memory.
    async beforeUnloadDocument({ documentName }) {
      const tracker = bracketTrackers.get(documentName);
      tracker?.check();
      tracker?.stop();
      bracketTrackers.delete(documentName);
    },

    // A document nobody has open is folded completely, so the next load reads one row.
    async afterUnloadDocument({ documentName }) {
      compact(documentName, 0);
      documentIds.delete(documentName);
      if (journals.get(documentName)?.pendingCount === 0) journals.delete(documentName);
    },
  });

  // A connection is authorised when it opens; a role removed, a person disabled or an edit right
  // narrowed to reading later closes it here. The client reconnects with a new token for what the
  // person may still do (read-only, or nothing).
  const recheckAccess = (): number => {
    let closed = 0;
    for (const document of hocuspocus.documents.values()) {
      for (const { connection } of document.connections.values()) {
        const context: unknown = connection.context;
        if (!isCollabContext(context) || refused.has(connection)) continue;
        const { identity, readOnly } = context;
        const access = collabAccess(identity.userId, identity.stateCode, readOnly ? "read" : "edit");
        if (!("problem" in access)) continue;
        closed += 1;
        void refuse(connection, new CollabRefusal("access changed: reconnect", CLOSE_CODES.revoked), access.problem);
      }
    }
    return closed;
  };
  const recheckTimer = setInterval(recheckAccess, options.recheckEveryMs ?? 15_000);
  recheckTimer.unref();

  return {
    hocuspocus,
    recheckAccess,
    close() {
      clearInterval(recheckTimer);
      for (const tracker of bracketTrackers.values()) tracker.check();
      for (const name of documentIds.keys()) compact(name, 0);
    },
  };
}

/** Rewrites the `user` of every awareness state a connection changes with that connection's identity. */
function watchAwareness(document: Document): void {
  document.awareness.on(
    "change",
    ({ added, updated }: { added: number[]; updated: number[] }, origin: unknown) => {
      // Hocuspocus applies a client's awareness update with the client's WebSocket as the origin.
      const context: unknown = document.connections.get(origin as Connection["webSocket"])?.connection.context;
      if (isCollabContext(context)) overwriteAwarenessUsers(document.awareness, [...added, ...updated], context.identity);
    },
  );
}
