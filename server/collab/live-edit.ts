// Server-side edits of a living document (accepted amendments, restored versions) through the running
// collaboration server: a Hocuspocus direct connection loads the document like any client would; inside
// one SQLite transaction the journal's pending updates are stored, the change runs on a copy of the
// document, and its update is appended together with the change's own records. Only after the commit is
// the update applied to the live document, so connected editors never see an edit that is not stored,
// and a decision is never stored without its edit (or the reverse).
import type { Hocuspocus } from "@hocuspocus/server";
import * as Y from "yjs";
import { inTransaction } from "../../db/client";
import { appendDocumentUpdates, DocumentError, findDocumentByName, type LiveEditor } from "../../app/models/document.server";
import { createYDoc } from "../../editor";
import { journalOf, StoredServerEdit } from "./durability";
import type { CollabContext } from "./identity";

export function liveEditorFor(hocuspocus: Hocuspocus): LiveEditor {
  return {
    async edit(documentName, userId, change) {
      const stored = findDocumentByName(documentName);
      if (!stored) throw new DocumentError(`No document is named ${documentName}`);
      // onLoadDocument loads a document for a context that names it, like an authenticated client's.
      const context: CollabContext = {
        identity: { userId: userId ?? 0, name: "Accord", stateCode: null, role: "chair" },
        documentId: stored.id,
        readOnly: false,
      };
      const connection = await hocuspocus.openDirectConnection(documentName, context);
      try {
        let result: ReturnType<typeof change> | undefined;
        let done = false;
        await connection.transact((document) => {
          const updates: Uint8Array[] = [];
          result = inTransaction(() => {
            // Everything the document holds in memory is in the log first, so the edit's update follows it.
            if (journalOf(document)?.flush() === false) throw new DocumentError(`The edits of ${documentName} cannot be stored at the moment; try again.`);
            const copy = createYDoc();
            Y.applyUpdate(copy, Y.encodeStateAsUpdate(document));
            copy.on("update", (update: Uint8Array) => updates.push(update));
            const value = copy.transact(() => change(copy));
            copy.destroy();
            if (updates.length > 0) appendDocumentUpdates(stored.id, updates.map((update) => ({ update, userId })));
            return value;
          });
          // Committed: now the editors receive it (the journal skips what is already stored).
          const origin = new StoredServerEdit(userId);
          for (const update of updates) Y.applyUpdate(document, update, origin);
          done = true;
        });
        if (!done) throw new DocumentError(`The change to ${documentName} did not run`);
        return result as ReturnType<typeof change>;
      } finally {
        await connection.disconnect();
      }
    },
  };
}
