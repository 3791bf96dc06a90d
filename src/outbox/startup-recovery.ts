/**
 * Start-up recovery: a row still `sending` when its platform is registered was interrupted by a crash
 * (or a stop mid-retry), and nobody can tell whether the platform received it. It goes back in the
 * queue, so each such row costs at most one duplicate (sent with its dedupe key) and is never lost.
 */
import type { Db } from "../db/connection.js";
import type { Platform } from "../db/schema.js";
import type { Logger } from "../logger.js";
import { requeueInterrupted } from "./queue.js";

export function requeueAfterCrash(db: Db, logger: Logger, platform: Platform): void {
  const requeued = requeueInterrupted(db, platform);
  if (requeued > 0) logger.warn({ platform, requeued }, "re-sending rows interrupted by a crash");
}
