// GET /log/proof/inclusion?index=&size=: the audit path of entry `index` in the tree of `size`
// (RFC 9162 section 2.1.3), hashes in hex, nearest the leaf first. Fixed for a size. Public.
import { toHex } from "../log";
import { answerLogRead, IMMUTABLE, logCountSchema, logJson, parseLogQuery } from "../lib/log-http.server";
import { inclusionProof } from "../models/transparency-log.server";

export function loader({ request }: { request: Request }) {
  const { index, size } = parseLogQuery(request, { index: logCountSchema, size: logCountSchema });
  const proof = answerLogRead(() => inclusionProof(index, size));
  return logJson({ index: proof.index, treeSize: proof.treeSize, leafHash: toHex(proof.leafHash), hashes: proof.hashes.map(toHex) }, IMMUTABLE);
}
