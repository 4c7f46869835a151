// What the processes of `npm run bench:collab` say to each other over their IPC channels, and how a
// keystroke is marked so that thin readers can find it in a frame without decoding Yjs.
//
// Every keystroke inserts one character from Unicode's supplementary private use area A
// (U+F0000 to U+FFFFF): its code point carries the editor's index and the keystroke's sequence
// number. In UTF-8 such a character is four bytes, F3 B0..BF 80..BF 80..BF, and Yjs writes a
// one-character string as its byte length (04) followed by those bytes. A reader scans the update
// frames it receives for that five-byte pattern.

export type ServerKind = "accord" | "baseline";

/** The editor index and the sequence number fit in the 16 bits of the private use area's offset. */
export const MAX_EDITORS = 64;
export const MAX_SEQ = 1024;
const MARKER_BASE = 0xf0000;

export function markerChar(editor: number, seq: number): string {
  return String.fromCodePoint(MARKER_BASE + editor * MAX_SEQ + seq);
}

/** The (editor, seq) of a marker code point, or null when the code point is not a marker. */
export function markerOf(codePoint: number): { editor: number; seq: number } | null {
  const offset = codePoint - MARKER_BASE;
  if (offset < 0 || offset >= MAX_EDITORS * MAX_SEQ) return null;
  return { editor: Math.floor(offset / MAX_SEQ), seq: offset % MAX_SEQ };
}

function isMarkerAt(bytes: Uint8Array, i: number): boolean {
  return (
    i + 3 < bytes.length &&
    bytes[i] === 0xf3 &&
    ((bytes[i + 1] as number) & 0xf0) === 0xb0 &&
    ((bytes[i + 2] as number) & 0xc0) === 0x80 &&
    ((bytes[i + 3] as number) & 0xc0) === 0x80
  );
}

/**
 * Calls `found(editor, seq)` for each marker in a frame's bytes, starting at `from`. A run of k
 * markers counts only when the varUint right before it is its byte length 4k: that is how Yjs writes
 * a string, whether one keystroke or several merged (a resync after a reconnect sends one string),
 * and it keeps random bytes of client ids and clocks from passing for markers.
 */
export function scanMarkers(bytes: Uint8Array, from: number, found: (editor: number, seq: number) => void): void {
  for (let i = from; i < bytes.length; i++) {
    if (!isMarkerAt(bytes, i)) continue;
    let k = 1;
    while (k < MAX_SEQ && isMarkerAt(bytes, i + 4 * k)) k++;
    const length = 4 * k;
    const prefixed =
      length < 0x80
        ? bytes[i - 1] === length
        : length < 0x4000 && bytes[i - 2] === ((length & 0x7f) | 0x80) && bytes[i - 1] === length >> 7;
    if (!prefixed) continue;
    for (let j = i; j < i + length; j += 4) {
      const b1 = bytes[j + 1] as number;
      const b2 = bytes[j + 2] as number;
      const b3 = bytes[j + 3] as number;
      const marker = markerOf((3 << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f));
      if (marker) found(marker.editor, marker.seq);
    }
    i += length - 1;
  }
}

/** Milliseconds on a clock that all processes on one machine share (sub-millisecond resolution). */
export function clockMs(): number {
  return performance.timeOrigin + performance.now();
}

// Orchestrator -> server child.
export type ServerRequest =
  | { id: number; type: "prepare"; editors: number }
  | { id: number; type: "watch"; document: string }
  | { id: number; type: "stats"; document: string }
  | { id: number; type: "verify"; document: string; acked: number[] };

export interface ServerStats {
  at: number;
  cpuMicros: number;
  rssBytes: number;
  /** Document updates the server applied since `watch`. */
  updates: number;
}

export interface Prepared {
  document: string;
  editorTokens: string[];
  readerToken: string;
}

export interface Verified {
  /** Acknowledged keystrokes that the stored document holds. */
  stored: number;
  /** Acknowledged keystrokes missing from the stored document (must be 0). */
  missing: number;
  /** Rows of the durable log for the document, and how far compaction has folded it. */
  logRows: number | null;
  compactedThrough: number | null;
}

export type ServerReply =
  | { type: "ready"; port: number; pid: number }
  | { id: number; type: "prepared"; prepared: Prepared }
  | { id: number; type: "watching" }
  | { id: number; type: "stats"; stats: ServerStats }
  | { id: number; type: "verified"; verified: Verified }
  | { id: number; type: "error"; message: string };

// Orchestrator -> load child.
export interface LoadPlan {
  url: string;
  origin: string;
  document: string;
  /** Global editor indexes typed from this process, with their tokens. */
  editors: { index: number; token: string }[];
  readers: number;
  readerToken: string;
  /** Slots per editor in the readers' arrival tables (keystrokes per editor at most). */
  maxSeq: number;
  editorCount: number;
  seconds: number;
  keysPerSecond: number;
}

export type LoadRequest = { type: "plan"; plan: LoadPlan } | { type: "go"; startAt: number } | { type: "collect" };

export interface LoadResult {
  /** Per editor of this process: the send time of each keystroke, and whether the server confirmed them all. */
  editors: { index: number; sent: number[]; acked: boolean; closes: string[] }[];
  /** Per reader: arrival times indexed by editor * maxSeq + seq (NaN: never arrived). */
  arrivals: Float64Array[];
  /** CPU time, wall time and frames the readers received, over the typing window. */
  cpuMicros: number;
  wallMs: number;
  readerFrames: number;
}

export type LoadReply =
  | { type: "connected"; editors: number; readers: number; failures: string[] }
  | { type: "typed" }
  | { type: "result"; result: LoadResult }
  | { type: "error"; message: string };
