// GET /log/key: the C2SP verifier key that checks the log's checkpoints (docs/decisions/014). Public.
// Verifiers should pin it from a source other than this server; it changes only on a rotation.
import { logText, NO_CACHE } from "../lib/log-http.server";
import { logVerifierKey } from "../models/transparency-log.server";

export function loader() {
  return logText(`${logVerifierKey()}\n`, NO_CACHE);
}
