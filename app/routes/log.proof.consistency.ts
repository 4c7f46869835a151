// GET /log/proof/consistency?from=&to=: the proof that the tree of size `to` extends the tree of
// size `from` (RFC 9162 section 2.1.4), hashes in hex. Fixed for a pair of sizes. Public.
import { toHex } from "../log";
import { answerLogRead, IMMUTABLE, logCountSchema, logJson, parseLogQuery } from "../lib/log-http.server";
import { consistencyProof } from "../models/transparency-log.server";

export function loader({ request }: { request: Request }) {
  const { from, to } = parseLogQuery(request, { from: logCountSchema, to: logCountSchema });
  const proof = answerLogRead(() => consistencyProof(from, to));
  return logJson({ from: proof.from, to: proof.to, hashes: proof.hashes.map(toHex) }, IMMUTABLE);
}
