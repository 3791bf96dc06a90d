/**
 * Inbound dedupe: platforms re-deliver updates after a crash or a timeout, and each must act once.
 */
import { sql } from "drizzle-orm";
import type { DbOrTx } from "../connection.js";
import { prepared } from "../prepared.js";
import { type Platform, processedUpdates } from "../schema.js";

/** Records the update as handled; false if it had been handled before. */
export function markUpdateProcessed(db: DbOrTx, platform: Platform, updateId: string, now: Date): boolean {
  const inserted = prepared(db, "processedUpdates.mark", (d) =>
    d
      .insert(processedUpdates)
      .values({
        platform: sql.placeholder("platform"),
        updateId: sql.placeholder("updateId"),
        processedAt: sql.placeholder("processedAt"),
      })
      .onConflictDoNothing()
      .returning({ updateId: processedUpdates.updateId })
      .prepare(),
  ).all({ platform, updateId, processedAt: now });
  return inserted.length === 1;
}
