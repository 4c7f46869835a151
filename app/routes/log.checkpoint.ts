// GET /log/checkpoint: the log's latest checkpoint, a C2SP signed note (docs/decisions/014). Public.
import { logText, NO_CACHE } from "../lib/log-http.server";
import { latestCheckpoint } from "../models/transparency-log.server";

export function loader() {
  return logText(latestCheckpoint().note, NO_CACHE);
}
