// Test support, not part of the package surface: a network of Y.Doc replicas of one starting document,
// each editing as a person at that replica would (read the document, edit it in an editor state, write it
// back) and exchanging its updates with the others one at a time, in any order the property test draws.
import fc from "fast-check";
import type { Node } from "prosemirror-model";
import { EditorState } from "prosemirror-state";
import * as Y from "yjs";
import { clauseIdsPlugin } from "./clause-ids";
import { createYDoc, documentToYDoc, updateYDoc, yDocToJSON } from "./convert/ydoc";
import { repairDocument } from "./repair";
import { applyEdit, type Edit } from "./test-edits";

/** The origin of a replica's own edits. */
export const LOCAL = Symbol("local edit");
/** The origin of updates received from another replica. */
const REMOTE = Symbol("remote update");

export interface Replica {
  ydoc: Y.Doc;
  /**
   * Updates this replica made itself, in order: its edits, and what Yjs itself writes after applying a
   * remote update (it deletes formatting markers made redundant, in a transaction of its own). A
   * provider sends every update not received from the server, so those travel too.
   */
  outbox: Uint8Array[];
  /** For each other replica, which of its updates this one has received. */
  received: Array<Set<number>>;
}

export function replicas(start: Node, count: number): Replica[] {
  const update = Y.encodeStateAsUpdate(documentToYDoc(start));
  return Array.from({ length: count }, () => {
    const ydoc = createYDoc();
    Y.applyUpdate(ydoc, update);
    const replica: Replica = { ydoc, outbox: [], received: Array.from({ length: count }, () => new Set<number>()) };
    ydoc.on("update", (made: Uint8Array, origin: unknown) => {
      if (origin !== REMOTE) replica.outbox.push(made);
    });
    return replica;
  });
}

/** An edit as a person at that replica makes it: read the document, edit it in an editor state, write it back. */
export function editAt(replica: Replica, change: Edit): void {
  const doc = repairDocument(yDocToJSON(replica.ydoc));
  const edited = applyEdit(EditorState.create({ doc, plugins: [clauseIdsPlugin()] }), change).doc;
  if (!edited.eq(doc)) updateYDoc(replica.ydoc, edited, LOCAL);
}

/** Delivers one update that `to` has not yet received from `from`, chosen by `pick`; false if none is left. */
export function deliver(all: Replica[], from: number, to: number, pick: number): boolean {
  const sender = all[from] as Replica;
  const receiver = all[to] as Replica;
  const pending = sender.outbox.map((_, i) => i).filter((i) => !receiver.received[from]?.has(i));
  const chosen = pending[pick % Math.max(pending.length, 1)];
  if (from === to || chosen === undefined) return false;
  receiver.received[from]?.add(chosen);
  Y.applyUpdate(receiver.ydoc, sender.outbox[chosen] as Uint8Array, REMOTE);
  return true;
}

/** Delivers everything still in flight, in an order drawn from `picks` (the first pending one when empty). */
export function deliverAll(all: Replica[], picks: readonly number[] = []): void {
  let turn = 0;
  for (;;) {
    const routes = all
      .flatMap((_, from) => all.map((__, to) => [from, to] as const))
      .filter(([from, to]) => from !== to && all[from]?.outbox.some((_u, i) => !all[to]?.received[from]?.has(i)));
    if (routes.length === 0) return;
    const pick = picks[turn++ % Math.max(picks.length, 1)] ?? 0;
    const [from, to] = routes[pick % routes.length] as readonly [number, number];
    deliver(all, from, to, pick);
  }
}

/** One step of a property test on three replicas: an edit at one of them, or one update delivered. */
export function replicaStep(edit: fc.Arbitrary<Edit>) {
  return fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant("edit" as const), replica: fc.nat({ max: 2 }), edit }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant("deliver" as const),
        from: fc.nat({ max: 2 }),
        to: fc.nat({ max: 2 }),
        pick: fc.nat({ max: 50 }),
      }),
    },
  );
}
