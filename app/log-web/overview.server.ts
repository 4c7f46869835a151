// What the /log page shows of the log, read on the server: the latest checkpoint with the
// server's own check of its signature at render, the verifier key, the origin and the latest
// entries. The check uses the server's library (app/log); the page's "Verify in this browser"
// button uses the independent one (./verify.ts).
import { LogFormatError, openCheckpoint, parseVerifierKey, toHex } from "../log";
import { latestCheckpoint, logEntries, logOrigin, logVerifierKey } from "../models/transparency-log.server";

export interface LogOverview {
  origin: string;
  verifierKey: string;
  treeSize: number;
  rootHex: string;
  /** The checkpoint as served at /log/checkpoint. */
  note: string;
  /** When the checkpoint was signed, ISO 8601. */
  signedAt: string;
  /** The server's check of the checkpoint signature: null when it verifies, else why not. */
  signatureProblem: string | null;
  /** The latest entries, newest first. */
  latest: { index: number; text: string; leafHex: string }[];
}

function signatureProblemOf(note: string, origin: string, verifierKey: string): string | null {
  try {
    openCheckpoint(note, { origin, verifiers: [parseVerifierKey(verifierKey)] });
    return null;
  } catch (error) {
    if (error instanceof LogFormatError) return error.message;
    throw error;
  }
}

export function logOverview(latestCount: number): LogOverview {
  const checkpoint = latestCheckpoint();
  const origin = logOrigin();
  const verifierKey = logVerifierKey();
  const start = Math.max(0, checkpoint.treeSize - latestCount);
  const latest = checkpoint.treeSize === 0 ? [] : logEntries(start, checkpoint.treeSize).entries;
  return {
    origin,
    verifierKey,
    treeSize: checkpoint.treeSize,
    rootHex: toHex(checkpoint.rootHash),
    note: checkpoint.note,
    signedAt: checkpoint.createdAt.toISOString(),
    signatureProblem: signatureProblemOf(checkpoint.note, origin, verifierKey),
    latest: latest.reverse().map((entry) => ({ index: entry.index, text: entry.text, leafHex: toHex(entry.leafHash) })),
  };
}
