// A load generator of `npm run bench:collab`, in a child process of its own (./collab.ts forks several):
//
// - editors: full Yjs clients (HocuspocusProvider over `ws`, with the page's Origin), each typing
//   `keysPerSecond` marker characters into the end of one paragraph's Y.XmlText and moving its
//   awareness cursor with every keystroke;
// - thin readers: raw `ws` sockets that speak just enough of the Hocuspocus protocol to authenticate
//   and send the opening sync step as a provider would, then only scan incoming update frames for
//   the editors' markers (no Yjs decoding), noting when each first arrives.
//
// Every loop is bounded in count and in time, and the process exits by itself after a hard deadline.
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import WebSocket from "ws";
import * as Y from "yjs";
import { DOCUMENT_FRAGMENT } from "../../editor";
import { clockMs, markerChar, scanMarkers, type LoadPlan, type LoadReply, type LoadRequest } from "./protocol";

const MESSAGE_SYNC = 0;
const MESSAGE_AUTH = 2;
const AUTH_TOKEN = 0;
const SYNC_STEP_1 = 0;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;
const CONNECT_TIMEOUT_MS = 30_000;
const ACK_TIMEOUT_MS = 5_000;

function send(reply: LoadReply): void {
  process.send?.(reply);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

interface Reader {
  socket: WebSocket;
  synced: Promise<void>;
  arrivals: Float64Array;
}

function openReader(plan: LoadPlan, counter: { frames: number }): Reader {
  const socket = new WebSocket(plan.url, { origin: plan.origin });
  const arrivals = new Float64Array(plan.editorCount * plan.maxSeq).fill(Number.NaN);
  const synced = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("a reader did not sync in time")), CONNECT_TIMEOUT_MS);
    socket.on("open", () => {
      const auth = encoding.createEncoder();
      encoding.writeVarString(auth, plan.document);
      encoding.writeVarUint(auth, MESSAGE_AUTH);
      encoding.writeVarUint(auth, AUTH_TOKEN);
      encoding.writeVarString(auth, plan.readerToken);
      socket.send(encoding.toUint8Array(auth));
      // Sync step 1 with an empty state vector, as a provider with an empty document sends it.
      const step1 = encoding.createEncoder();
      encoding.writeVarString(step1, plan.document);
      encoding.writeVarUint(step1, MESSAGE_SYNC);
      encoding.writeVarUint(step1, SYNC_STEP_1);
      encoding.writeVarUint8Array(step1, Y.encodeStateVector(new Y.Doc()));
      socket.send(encoding.toUint8Array(step1));
    });
    socket.on("message", (data: Buffer) => {
      const at = clockMs();
      counter.frames += 1;
      const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      const decoder = decoding.createDecoder(bytes);
      decoding.readVarString(decoder);
      if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return;
      const step = decoding.readVarUint(decoder);
      if (step === SYNC_STEP_2) {
        clearTimeout(timer);
        resolve();
      } else if (step === SYNC_UPDATE) {
        scanMarkers(bytes, decoder.pos, (editor, seq) => {
          if (editor >= plan.editorCount || seq >= plan.maxSeq) return;
          const slot = editor * plan.maxSeq + seq;
          if (Number.isNaN(arrivals[slot])) arrivals[slot] = at;
        });
      }
    });
    socket.on("close", (code) => reject(new Error(`a reader's socket closed (${code})`)));
    socket.on("error", (error) => reject(error));
  });
  return { socket, synced, arrivals };
}

interface Editor {
  index: number;
  provider: HocuspocusProvider;
  socket: HocuspocusProviderWebsocket;
  doc: Y.Doc;
  synced: Promise<void>;
  sent: number[];
  failures: string[];
  closes: string[];
}

function openEditor(plan: LoadPlan, index: number, token: string): Editor {
  const origin = plan.origin;
  class PageWebSocket extends WebSocket {
    constructor(url: string) {
      super(url, { origin });
    }
  }
  const socket = new HocuspocusProviderWebsocket({ url: plan.url, WebSocketPolyfill: PageWebSocket, maxAttempts: 1 });
  const doc = new Y.Doc({ gc: false });
  const provider = new HocuspocusProvider({ websocketProvider: socket, name: plan.document, document: doc, token });
  provider.attach();
  const failures: string[] = [];
  const closes: string[] = [];
  provider.on("authenticationFailed", ({ reason }: { reason: string }) => failures.push(`authentication failed: ${reason}`));
  // The provider reconnects by itself and resyncs; the bench counts each close the server caused.
  provider.on("close", ({ event }: { event: { code: number; reason: string } }) => {
    if (event.code !== 1000) closes.push(`${event.code} ${String(event.reason)}`);
  });
  const synced = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`editor ${index} did not sync in time`)), CONNECT_TIMEOUT_MS);
    provider.on("synced", () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return { index, provider, socket, doc, synced, sent: [], failures, closes };
}

/** The text node of the `which`-th paragraph (in document order), where an editor types. */
function paragraphText(doc: Y.Doc, which: number): Y.XmlText {
  const texts: Y.XmlText[] = [];
  const walk = (node: Y.XmlFragment | Y.XmlElement) => {
    for (const child of node.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      if (child.nodeName === "paragraph") {
        const first = child.get(0);
        if (first instanceof Y.XmlText) texts.push(first);
      } else walk(child);
    }
  };
  walk(doc.getXmlFragment(DOCUMENT_FRAGMENT));
  const text = texts[which % Math.max(1, texts.length)];
  if (!text) throw new Error("the document has no paragraph to type into");
  return text;
}

/** Types one keystroke every 1000 / keysPerSecond ms from `startAt`, `seconds * keysPerSecond` in all. */
async function type(editor: Editor, plan: LoadPlan, startAt: number): Promise<void> {
  const text = paragraphText(editor.doc, editor.index);
  const keystrokes = Math.min(plan.maxSeq, Math.round(plan.seconds * plan.keysPerSecond));
  const interval = 1000 / plan.keysPerSecond;
  // Editors start at different phases, as people do.
  const phase = (editor.index * 37) % Math.round(interval);
  for (let seq = 0; seq < keystrokes; seq++) {
    const due = startAt + phase + seq * interval;
    const wait = due - clockMs();
    if (wait > 0) await sleep(wait);
    editor.sent.push(clockMs());
    text.insert(text.length, markerChar(editor.index, seq));
    const cursor = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, text.length)) as unknown;
    editor.provider.setAwarenessField("cursor", { anchor: cursor, head: cursor });
  }
}

async function main(): Promise<void> {
  let plan: LoadPlan | null = null;
  let editors: Editor[] = [];
  let readers: Reader[] = [];
  const counter = { frames: 0 };
  let cpuStart = process.cpuUsage();
  let wallStart = Date.now();
  // This process's CPU over the typing window (is the load generator itself the bottleneck?).
  let typingCpuMicros = 0;
  let typingWallMs = 1;
  let typingFrames = 0;

  // A hard deadline: the orchestrator drives each phase, but this process stops by itself regardless.
  const stopAll = () => {
    for (const editor of editors) {
      editor.provider.destroy();
      editor.socket.destroy();
    }
    for (const reader of readers) reader.socket.terminate();
  };
  let hardStop: NodeJS.Timeout | null = null;
  process.on("disconnect", () => {
    stopAll();
    process.exit(0);
  });

  process.on("message", (request: LoadRequest) => {
    void (async () => {
      try {
        if (request.type === "plan") {
          plan = request.plan;
          const current = plan;
          hardStop = setTimeout(() => {
            process.stderr.write("collab-load: hard deadline reached, stopping\n");
            stopAll();
            process.exit(2);
          }, CONNECT_TIMEOUT_MS * 2 + current.seconds * 1000 + 60_000);
          hardStop.unref();
          editors = current.editors.map(({ index, token }) => openEditor(current, index, token));
          readers = Array.from({ length: current.readers }, () => openReader(current, counter));
          const results = await Promise.allSettled([...editors.map((e) => e.synced), ...readers.map((r) => r.synced)]);
          const failures = results.flatMap((result) => (result.status === "rejected" ? [String(result.reason)] : []));
          send({ type: "connected", editors: editors.length, readers: readers.length, failures: failures.slice(0, 5) });
        } else if (request.type === "go") {
          const current = plan;
          if (!current) throw new Error("go before plan");
          cpuStart = process.cpuUsage();
          wallStart = Date.now();
          counter.frames = 0;
          await Promise.all(editors.map((editor) => type(editor, current, request.startAt)));
          const cpu = process.cpuUsage(cpuStart);
          typingCpuMicros = cpu.user + cpu.system;
          typingWallMs = Math.max(1, Date.now() - wallStart);
          typingFrames = counter.frames;
          send({ type: "typed" });
        } else if (request.type === "collect") {
          // Confirmed by the server: each provider's unsynced changes drop to 0 (bounded wait).
          const deadline = Date.now() + ACK_TIMEOUT_MS;
          while (editors.some((editor) => editor.provider.unsyncedChanges > 0) && Date.now() < deadline) await sleep(10);
          for (const editor of editors) if (editor.failures.length > 0) process.stderr.write(`editor ${editor.index}: ${editor.failures.join("; ")}\n`);
          send({
            type: "result",
            result: {
              editors: editors.map((editor) => ({
                index: editor.index,
                sent: editor.sent,
                acked: editor.provider.unsyncedChanges === 0,
                closes: editor.closes,
              })),
              arrivals: readers.map((reader) => reader.arrivals),
              cpuMicros: typingCpuMicros,
              wallMs: typingWallMs,
              readerFrames: typingFrames,
            },
          });
        }
      } catch (error) {
        send({ type: "error", message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      }
    })();
  });
}

void main();
