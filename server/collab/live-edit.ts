// Server-side edits of a living document (accepted amendments, restored versions) through the running
// collaboration server: a Hocuspocus direct connection loads the document like any client would, the
// change runs in one Yjs transaction attributed to the person, and the resulting update is committed
// in the same SQLite transaction as the change's own records. Connected editors receive it at once.
import type { Hocuspocus } from "@hocuspocus/server";
import { inTransaction } from "../../db/client";
import { DocumentError, findDocumentByName, type LiveEditor } from "../../app/models/document.server";
import { journalOf, ServerEdit } from "./durability";
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
          result = inTransaction(() => {
            const value = document.transact(() => change(document), new ServerEdit(userId));
            // Commit the edit's update now, inside the change's transaction, rather than next turn.
            journalOf(document)?.flush();
            return value;
          });
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
