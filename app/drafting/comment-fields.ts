// The limits and form schemas of comments, shared by the browser (the drafting page's comment form) and the
// server (the comment routes parse with these). An anchor travels as two base64 strings, the encoded Yjs
// relative positions of editor/anchors.ts; they are small (tens of bytes), so anything long is refused.
import { z } from "zod";

export const COMMENT_BODY_MAX = 4_000;
export const COMMENT_QUOTE_MAX = 2_000;
/** Bytes of one encoded relative position; real ones are far smaller. */
export const ANCHOR_BYTES_MAX = 256;
export const ANCHOR_BASE64_MAX = Math.ceil(ANCHOR_BYTES_MAX / 3) * 4;
export const THREAD_STATUSES = ["open", "resolved"] as const;

const STABLE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export const commentBodySchema = z
  .string({ required_error: "Write your comment" })
  .trim()
  .min(1, "Write your comment")
  .max(COMMENT_BODY_MAX, `A comment has at most ${COMMENT_BODY_MAX.toLocaleString("en")} characters`);

const anchorPositionSchema = z
  .string({ required_error: "The selected text could not be identified. Select it again and comment." })
  .min(4, "The selected text could not be identified. Select it again and comment.")
  .max(ANCHOR_BASE64_MAX, "The selected text could not be identified. Select it again and comment.")
  .regex(BASE64, "The selected text could not be identified. Select it again and comment.");

const clauseIdSchema = z.string().regex(STABLE_ID, "Choose a clause from the list");

/** A comment on a passage, as the drafting page's form posts it. */
export const passageCommentSchema = z.object({
  body: commentBodySchema,
  anchorStart: anchorPositionSchema,
  anchorEnd: anchorPositionSchema,
  quote: z
    .string({ required_error: "Select the text to comment on" })
    .min(1, "Select the text to comment on")
    .max(COMMENT_QUOTE_MAX, `Select at most ${COMMENT_QUOTE_MAX.toLocaleString("en")} characters to comment on`),
  // Empty in the title, the preamble or a heading.
  clauseId: z.union([z.literal(""), clauseIdSchema]).default(""),
});

/** A comment on a whole clause (the list page's form). */
export const clauseCommentSchema = z.object({
  body: commentBodySchema,
  clauseId: z.string({ required_error: "Choose a clause from the list" }).min(1, "Choose a clause from the list").pipe(clauseIdSchema),
});

export const replySchema = z.object({ body: commentBodySchema });

/** The list page's filters; anything unknown is ignored rather than refused (a GET form). */
export const threadFilterSchema = z.object({
  clause: z.string().regex(STABLE_ID).optional().catch(undefined),
  state: z.string().regex(/^[A-Z]{2}$/).optional().catch(undefined),
  status: z.enum(["open", "resolved", "all"]).catch("open").default("open"),
});

/** Base64 of bytes, in the browser and on the server. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text);
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}
