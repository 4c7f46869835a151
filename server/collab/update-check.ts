// What an incoming Hocuspocus message carries, and whether a Yjs update stays inside the editor's
// schema. Checked before Hocuspocus applies the message, from the update's structs alone (no document
// is built), so foreign structure never reaches the server's Y.Doc, the log or other clients.
import * as decoding from "lib0/decoding";
import * as Y from "yjs";
import { DOCUMENT_FRAGMENT, SCHEMA_NAMES } from "../../editor";

// Hocuspocus message types (client to server) and y-protocols sync steps.
const MESSAGE_SYNC = 0;
const MESSAGE_SYNC_REPLY = 4;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

export type IncomingKind = { kind: "update"; update: Uint8Array } | { kind: "other" };

/** Reads the document name and, for a sync step 2 or an update, the Yjs update. Throws on a malformed frame. */
export function readIncoming(data: Uint8Array): IncomingKind {
  const decoder = decoding.createDecoder(data);
  decoding.readVarString(decoder);
  const type = decoding.readVarUint(decoder);
  if (type !== MESSAGE_SYNC && type !== MESSAGE_SYNC_REPLY) return { kind: "other" };
  const step = decoding.readVarUint(decoder);
  if (step !== SYNC_STEP_2 && step !== SYNC_UPDATE) return { kind: "other" };
  return { kind: "update", update: decoding.readVarUint8Array(decoder) };
}

const NODES = new Set<string>(SCHEMA_NAMES.nodes);
const MARKS = new Set<string>(SCHEMA_NAMES.marks);
const ATTRIBUTES = new Set<string>(SCHEMA_NAMES.attributes);

// y-prosemirror keys a mark that may overlap itself as `<name>--<hash>`; none does today, but the
// form is the library's, so it is accepted for a known mark name.
function isMarkKey(key: string): boolean {
  return MARKS.has(key) || MARKS.has(key.split("--")[0] ?? "");
}

/** Null when every struct of the update fits the schema, else the reason it does not. */
export function updateProblem(update: Uint8Array): string | null {
  let structs: ReturnType<typeof Y.decodeUpdate>["structs"];
  try {
    structs = Y.decodeUpdate(update).structs;
  } catch {
    return "the update cannot be decoded";
  }
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue; // GC and Skip carry no content
    if (typeof struct.parent === "string" && struct.parent !== DOCUMENT_FRAGMENT) return `unknown shared type ${struct.parent}`;
    if (struct.parentSub !== null && !ATTRIBUTES.has(struct.parentSub)) return `unknown attribute ${struct.parentSub}`;
    const content = struct.content;
    if (content instanceof Y.ContentType) {
      const type = content.type;
      if (type instanceof Y.XmlText) continue;
      if (type instanceof Y.XmlElement && NODES.has(type.nodeName)) continue;
      return type instanceof Y.XmlElement ? `unknown node ${type.nodeName}` : "a shared type that is not part of a document";
    }
    if (content instanceof Y.ContentFormat) {
      if (!isMarkKey(content.key)) return `unknown mark ${content.key}`;
      continue;
    }
    if (content instanceof Y.ContentString || content instanceof Y.ContentDeleted) continue;
    // Attribute values (node and mark attributes) are plain values under a key.
    if (content instanceof Y.ContentAny && struct.parentSub !== null) continue;
    return `content of a kind a document never holds (${content.constructor.name})`;
  }
  return null;
}

/**
 * Null when every bracket the update writes is held only by `ownState` or by states already holding that
 * bracket, else the reason: a delegation may put its own state's name on a bracket, never another's.
 * `holdersNow` gives a bracket's current holders and is asked only when a foreign state appears.
 */
export function bracketHolderProblem(update: Uint8Array, ownState: string, holdersNow: (bracketId: string) => readonly string[]): string | null {
  let structs: ReturnType<typeof Y.decodeUpdate>["structs"];
  try {
    structs = Y.decodeUpdate(update).structs;
  } catch {
    return "the update cannot be decoded";
  }
  for (const struct of structs) {
    if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentFormat)) continue;
    const { key, value } = struct.content as { key: string; value: unknown };
    if ((key.split("--")[0] ?? "") !== "bracket" || typeof value !== "object" || value === null) continue;
    const { id, holders } = value as { id?: unknown; holders?: unknown };
    if (!Array.isArray(holders)) continue;
    const foreign = holders.filter((holder) => holder !== ownState);
    if (foreign.length === 0) continue;
    const allowed = typeof id === "string" ? holdersNow(id) : [];
    const added = foreign.filter((holder) => !allowed.includes(holder));
    if (added.length > 0) return `a bracket named as held by ${added.join(", ")}, for which this delegation does not speak`;
  }
  return null;
}
