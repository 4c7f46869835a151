// Convergence: replicas that edit the same draft concurrently, through the DOM-free conversions, and exchange
// their updates in any order, end with identical documents; after the one repairer (the server's role) has
// run, the document is valid for the schema on every replica, with unique clause ids.
import fc from "fast-check";
import { EditorState } from "prosemirror-state";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { clauseIdsPlugin } from "./clause-ids";
import { createYDoc, documentFromYDoc, documentToYDoc, repairYDoc, updateYDoc, yDocToJSON } from "./convert/ydoc";
import { repairDocument } from "./repair";
import { applyEdit, type Edit, editArbitrary } from "./test-edits";
import { bracket, clause, code, em, h, li, p, section, ul } from "./test-builder";

const LOCAL = Symbol("local edit");

const START = code(
  section(
    h("Review"),
    clause(
      "c1",
      p("States ", bracket({ id: "b1", holders: ["NO"], alternatives: ["should"] }, "shall"), " review."),
      clause("c2", p("the end user;")),
      clause("c3", p("the law;"))
    ),
    clause("c4", p("Refuse ", em("if"), " at risk."))
  ),
  section(
    h("Sharing"),
    clause("c5", p("Share:"), ul(li(p("threats")), li(p("practice")))),
    clause("c6", p("Help others."))
  )
);

interface Replica {
  ydoc: Y.Doc;
  /** Updates this replica made itself, in order. */
  outbox: Uint8Array[];
  /** For each other replica, which of its updates this one has received. */
  received: Array<Set<number>>;
}

function replicas(count: number): Replica[] {
  const origin = documentToYDoc(START);
  const start = Y.encodeStateAsUpdate(origin);
  return Array.from({ length: count }, () => {
    const ydoc = createYDoc();
    Y.applyUpdate(ydoc, start);
    const replica: Replica = { ydoc, outbox: [], received: Array.from({ length: count }, () => new Set<number>()) };
    ydoc.on("update", (update: Uint8Array, transactionOrigin: unknown) => {
      if (transactionOrigin === LOCAL) replica.outbox.push(update);
    });
    return replica;
  });
}

/** An edit as a person at that replica makes it: read the document, edit it in an editor state, write it back. */
function edit(replica: Replica, change: Edit): void {
  const doc = repairDocument(yDocToJSON(replica.ydoc));
  const edited = applyEdit(EditorState.create({ doc, plugins: [clauseIdsPlugin()] }), change).doc;
  if (!edited.eq(doc)) updateYDoc(replica.ydoc, edited, LOCAL);
}

/** Delivers one update that `to` has not yet received from `from`, chosen by `pick`; false if none is left. */
function deliver(all: Replica[], from: number, to: number, pick: number): boolean {
  const sender = all[from] as Replica;
  const receiver = all[to] as Replica;
  const pending = sender.outbox.map((_, i) => i).filter((i) => !receiver.received[from]?.has(i));
  const chosen = pending[pick % Math.max(pending.length, 1)];
  if (from === to || chosen === undefined) return false;
  receiver.received[from]?.add(chosen);
  Y.applyUpdate(receiver.ydoc, sender.outbox[chosen] as Uint8Array, "remote");
  return true;
}

/** Delivers everything still in flight, in an order drawn from `picks`. */
function deliverAll(all: Replica[], picks: number[]): void {
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

const step = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("edit" as const), replica: fc.nat({ max: 2 }), edit: editArbitrary }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("deliver" as const),
      from: fc.nat({ max: 2 }),
      to: fc.nat({ max: 2 }),
      pick: fc.nat({ max: 50 }),
    }),
  }
);

describe("convergence of concurrent edits (property)", () => {
  it("2-3 replicas exchanging updates in random order end identical, and valid after one repair", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 3 }),
        fc.array(step, { minLength: 1, maxLength: 30 }),
        fc.array(fc.nat({ max: 50 }), { maxLength: 20 }),
        (count, steps, finalPicks) => {
          const all = replicas(count);
          for (const s of steps) {
            if (s.kind === "edit") edit(all[s.replica % count] as Replica, s.edit);
            else deliver(all, s.from % count, s.to % count, s.pick);
          }
          deliverAll(all, finalPicks);

          const [first, ...others] = all as [Replica, ...Replica[]];
          for (const other of others) {
            expect(Y.encodeStateVector(other.ydoc)).toEqual(Y.encodeStateVector(first.ydoc));
            expect(yDocToJSON(other.ydoc)).toEqual(yDocToJSON(first.ydoc));
          }

          // The one repairer writes its fix; everyone receives it.
          repairYDoc(first.ydoc, LOCAL);
          deliverAll(all, finalPicks);
          for (const replica of all) {
            expect(yDocToJSON(replica.ydoc)).toEqual(yDocToJSON(first.ydoc));
            expect(() => documentFromYDoc(replica.ydoc)).not.toThrow();
            expect(repairYDoc(replica.ydoc)).toBe(false);
          }
        }
      ),
      { numRuns: 120 }
    );
  }, 30_000); // property tests run many cases: allow for slow, shared machines

  it("concurrent typing in one paragraph merges without any repair", () => {
    const [one, two] = replicas(2) as [Replica, Replica];
    edit(one, { kind: "type", block: 3, offset: 0, text: "Each " });
    edit(two, { kind: "type", block: 3, offset: 12, text: " always" });
    deliverAll([one, two], []);
    expect(documentFromYDoc(one.ydoc).child(2).child(1).child(0).textContent).toBe("Each States shall always review.");
    expect(yDocToJSON(two.ydoc)).toEqual(yDocToJSON(one.ydoc));
    expect(repairYDoc(one.ydoc)).toBe(false);
  });
});
