// ProseMirror JSON ⇄ Node, validated. JSON comes from storage, from Yjs and from clients, so it is untrusted:
// anything that does not fit the schema (unknown names, wrong nesting, bad attribute values, disallowed marks)
// or leaves a clause without a unique id is refused with an InvalidDocumentError, never half-accepted.
import { type Node } from "prosemirror-model";
import { clauseIdProblems } from "../clause-ids";
import { type MarkName, type NodeName, schema } from "../schema";

export interface MarkJSON {
  type: string;
  attrs?: Record<string, unknown>;
}

export interface NodeJSON {
  type: string;
  attrs?: Record<string, unknown>;
  content?: NodeJSON[];
  marks?: MarkJSON[];
  text?: string;
}

export class InvalidDocumentError extends Error {
  override name = "InvalidDocumentError";
}

export function documentFromJSON(json: unknown): Node {
  if (typeof json !== "object" || json === null || (json as { type?: unknown }).type !== "doc") {
    throw new InvalidDocumentError('A document must be a JSON object of type "doc".');
  }
  let doc: Node;
  try {
    refuseUnknownAttributes(json);
    doc = schema.nodeFromJSON(json);
    doc.check();
  } catch (error) {
    // RangeError from ProseMirror (or a stack overflow on absurd nesting): the message names the problem.
    throw new InvalidDocumentError(`The document does not fit the schema: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const { duplicated, missing } = clauseIdProblems(doc);
  if (missing.length > 0) throw new InvalidDocumentError(`${missing.length} clause(s) have no valid id.`);
  if (duplicated.length > 0)
    throw new InvalidDocumentError(`Clause ids used more than once: ${duplicated.join(", ")}.`);
  return doc;
}

// ProseMirror silently drops attributes a type does not declare; stored JSON with such names was written by
// something else, so it is refused rather than quietly cleaned.
function refuseUnknownAttributes(json: unknown): void {
  if (typeof json !== "object" || json === null) return;
  const { type, attrs, content, marks } = json as {
    type?: unknown;
    attrs?: unknown;
    content?: unknown;
    marks?: unknown;
  };
  if (typeof type === "string" && Object.hasOwn(schema.nodes, type))
    checkAttributeNames(attrs, schema.nodes[type as NodeName].spec.attrs, type);
  if (Array.isArray(marks)) {
    for (const mark of marks as { type?: unknown; attrs?: unknown }[]) {
      if (typeof mark?.type === "string" && Object.hasOwn(schema.marks, mark.type)) {
        checkAttributeNames(mark.attrs, schema.marks[mark.type as MarkName].spec.attrs, mark.type);
      }
    }
  }
  if (Array.isArray(content)) content.forEach(refuseUnknownAttributes);
}

function checkAttributeNames(attrs: unknown, declared: object | undefined, type: string): void {
  if (typeof attrs !== "object" || attrs === null) return;
  for (const name of Object.keys(attrs)) {
    if (!declared || !Object.hasOwn(declared, name)) throw new RangeError(`Unsupported attribute ${name} on ${type}`);
  }
}

export function documentToJSON(doc: Node): NodeJSON {
  return doc.toJSON() as NodeJSON;
}

/** Whether JSON is a valid document, without the exception. */
export function isValidDocumentJSON(json: unknown): boolean {
  try {
    documentFromJSON(json);
    return true;
  } catch (error) {
    if (error instanceof InvalidDocumentError) return false;
    throw error;
  }
}
