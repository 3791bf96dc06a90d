/**
 * Inbound dedupe: platforms re-deliver updates after a crash or a timeout, and each must act once.
 */
import type { DbOrTx } from "../connection.js";
import { type Platform, processedUpdates } from "../schema.js";

/** Records the update as handled; false if it had been handled before. */
export function markUpdateProcessed(db: DbOrTx, platform: Platform, updateId: string, now: Date): boolean {
  const inserted = db
    .insert(processedUpdates)
    .values({ platform, updateId, processedAt: now })
    .onConflictDoNothing()
    .returning({ updateId: processedUpdates.updateId })
    .all();
  return inserted.length === 1;
}
