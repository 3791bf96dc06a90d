/**
 * What a failed queued send comes to: a permanent refusal marks the account undeliverable, a rejected
 * message or the last attempt fails the row for good, anything else is retried with backoff (or the
 * platform's retry-after, which also holds the whole platform). Each outcome is one transaction, and
 * an alert's crisis reply reports how it went.
 */
import type { Db, Tx } from "../db/connection.js";
import { setUndeliverable } from "../db/repos/identities.js";
import type { Logger } from "../logger.js";
import type { CrisisOutcome } from "./crisis-key.js";
import { markFinal, markRetry, type OutboxRow } from "./queue.js";
import type { DrainReport } from "./queued-send.js";
import type { RateLimiter } from "./rate-limiter.js";
import { PermanentSendError, RejectedSendError, TransientSendError } from "./sender.js";

export interface FailureDeps {
  db: Db;
  now: Date;
  logger: Logger;
  retry: { maxAttempts: number; baseRetryMs: number; maxRetryMs: number };
  onUndeliverable: ((tx: Tx, identityId: number, now: Date) => void) | undefined;
  reportCrisis: (tx: Tx, row: OutboxRow, outcome: CrisisOutcome) => void;
}

export function recordSendFailure(
  deps: FailureDeps,
  failure: { limiter: RateLimiter; row: OutboxRow; error: unknown; report: DrainReport },
): void {
  const { db, now, logger, retry } = deps;
  const { limiter, row, error, report } = failure;
  const reason = describeError(error);
  if (error instanceof PermanentSendError) {
    db.transaction((tx) => {
      markFinal(tx, row.id, "undeliverable", reason, row.attempts + 1);
      if (row.identityId !== null) {
        setUndeliverable(tx, row.identityId, true);
        deps.onUndeliverable?.(tx, row.identityId, now);
      }
      deps.reportCrisis(tx, { ...row, attempts: row.attempts + 1 }, "failed");
    });
    report.undeliverable += 1;
    logger.warn({ outboxId: row.id, identityId: row.identityId }, "platform refused delivery for good");
    return;
  }
  const attempts = row.attempts + 1;
  if (error instanceof RejectedSendError || attempts >= retry.maxAttempts) {
    db.transaction((tx) => {
      markFinal(tx, row.id, "failed", reason, attempts);
      deps.reportCrisis(tx, { ...row, attempts }, "failed");
    });
    report.failed += 1;
    logger.error({ outboxId: row.id, attempts }, "outbox row failed after all attempts");
    return;
  }
  const backoff = Math.min(retry.maxRetryMs, retry.baseRetryMs * 2 ** (attempts - 1));
  const retryAfter = error instanceof TransientSendError ? error.retryAfterMs : undefined;
  const waitMs = retryAfter ?? backoff;
  // A platform-wide "slow down" holds every send on this platform, not just this row.
  if (retryAfter !== undefined) limiter.pause(now.getTime() + retryAfter);
  const queuedAgain = db.transaction((tx) => {
    if (!markRetry(tx, row.id, attempts, new Date(now.getTime() + waitMs), reason)) return false;
    if (attempts === 1) deps.reportCrisis(tx, { ...row, attempts }, "retrying");
    return true;
  });
  if (!queuedAgain) {
    // Withdrawn while in flight (src/safety/withdraw-queued.ts): its reader may no longer see it.
    logger.info({ outboxId: row.id, attempts }, "send failed; the message was withdrawn meanwhile, not retried");
    return;
  }
  report.retried += 1;
  logger.warn({ outboxId: row.id, attempts, retryInMs: waitMs }, "send failed; will retry");
}

/** An error as a short reason for the outbox row (never message text: errors carry none). */
export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : "unknown error";
}
