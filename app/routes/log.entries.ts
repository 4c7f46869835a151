// GET /log/entries?start=&end=: entries [start, end) of the log with their leaf hashes, at most
// 1,000 at a time, cut at the log's size. A range that lies within the log never changes. Public.
import { toHex } from "../log";
import { answerLogRead, IMMUTABLE, logCountSchema, logJson, NO_CACHE, parseLogQuery } from "../lib/log-http.server";
import { logEntries } from "../models/transparency-log.server";

export function loader({ request }: { request: Request }) {
  const { start, end } = parseLogQuery(request, { start: logCountSchema, end: logCountSchema });
  const page = answerLogRead(() => logEntries(start, end));
  const entries = page.entries.map((entry) => ({ index: entry.index, text: entry.text, leafHash: toHex(entry.leafHash) }));
  return logJson({ treeSize: page.treeSize, entries }, page.complete ? IMMUTABLE : NO_CACHE);
}
