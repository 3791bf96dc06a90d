/**
 * Pacing a platform's queue by its rate limits: which sendable row goes next, and how long to wait
 * for it. Short waits are slept in memory; a long one (a platform's retry_after, or every chat inside
 * its own limit for a while) ends the pass, and a later drain picks the rows up.
 */
import type { Clock } from "../clock.js";
import type { Db } from "../db/connection.js";
import { type OutboxRow, sendableRows } from "./queue.js";
import type { RateLimiter } from "./rate-limiter.js";
import type { PlatformSender } from "./sender.js";

/** A registered platform: its sender, and the limiter that paces it. */
export interface Registered {
  sender: PlatformSender;
  limiter: RateLimiter;
}

export interface Pacing {
  db: Db;
  clock: Clock;
  batchSize: number;
  /** Longest a wait is slept in memory before the row is left to the next drain. */
  maxInlineWaitMs: number;
  wait: (ms: number) => Promise<void>;
  /** Whether the dispatcher is stopping: then the pass ends before the next row. */
  stopped: () => boolean;
}

/** Hands every row of the platform that may go now to `send`, each once its limits allow. */
export async function drainPlatform(
  pacing: Pacing,
  { sender, limiter }: Registered,
  send: (row: OutboxRow) => Promise<void>,
): Promise<void> {
  const { db, clock } = pacing;
  for (;;) {
    const rows = sendableRows(db, sender.platform, clock.now(), pacing.batchSize);
    if (rows.length === 0) return;
    let progressed = false;
    let soonestChatWait = Number.POSITIVE_INFINITY;
    for (const row of rows) {
      if (pacing.stopped()) return;
      const chatWait = limiter.chatWait(row.chatId, clock.now().getTime());
      if (chatWait > 0) {
        soonestChatWait = Math.min(soonestChatWait, chatWait);
        continue;
      }
      const globalWait = limiter.globalWait(clock.now().getTime());
      // A long platform pause (retry_after) is left to a later drain, not slept through in memory.
      if (globalWait > pacing.maxInlineWaitMs) return;
      if (globalWait > 0) await pacing.wait(globalWait);
      limiter.record(row.chatId, clock.now().getTime());
      await send(row);
      progressed = true;
    }
    if (!progressed) {
      // Every sendable chat is inside its own limit: wait briefly, or leave it to the next drain.
      if (soonestChatWait > pacing.maxInlineWaitMs) return;
      await pacing.wait(soonestChatWait);
    }
  }
}
