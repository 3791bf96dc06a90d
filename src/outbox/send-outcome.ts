/**
 * Recording what a send did to its row and, on a permanent refusal, to its identity, and telling an
 * alert's clinicians how its crisis reply went. A queued send's failures are decided in
 * send-failure.ts; the outcomes of direct (crisis) sends are recorded here, through DeferredWrites so
 * that the next crisis send never waits behind another writer's lock.
 */
import type { Clock } from "../clock.js";
import type { Db, Tx } from "../db/connection.js";
import { setUndeliverable } from "../db/repos/identities.js";
import type { Logger } from "../logger.js";
import { alertOfCrisisKey, type CrisisOutcome } from "./crisis-key.js";
import { DeferredWrites } from "./deferred-writes.js";
import type { DispatcherOptions } from "./dispatcher-options.js";
import { markAttempt, markFinal, markRetry, markSent, type OutboxRow } from "./queue.js";
import { describeError } from "./send-failure.js";
import { PermanentSendError } from "./sender.js";

/** What recording an outcome needs: where to write it, the time, and whom to tell. */
export interface OutcomeContext {
  db: Db;
  clock: Clock;
  logger: Logger;
  onUndeliverable: DispatcherOptions["onUndeliverable"];
  onCrisisOutcome: DispatcherOptions["onCrisisOutcome"];
}

/** Tells an alert's clinicians how its crisis reply stands, inside the transaction that records it. */
export function reportCrisis(
  context: Pick<OutcomeContext, "clock" | "onCrisisOutcome">,
  tx: Tx,
  row: OutboxRow,
  outcome: CrisisOutcome,
): void {
  if (alertOfCrisisKey(row.dedupeKey) === undefined) return;
  context.onCrisisOutcome?.(tx, row, outcome, context.clock.now());
}

/** The outcomes of direct sends; one the database refuses for now is written at the next `flush`. */
export class DirectSendOutcomes {
  /** Outcomes of direct sends that could not be written yet (the database was locked); written next drain. */
  private readonly writes: DeferredWrites;

  constructor(private readonly context: OutcomeContext) {
    this.writes = new DeferredWrites(context.db, context.logger);
  }

  /** Writes the outcomes kept back; throws (keeping them) if the database still refuses. */
  flush(): void {
    this.writes.flush();
  }

  /** The row goes back to the queue as it stands (no direct sender for it). */
  queueInstead(row: OutboxRow): void {
    this.record(() => markRetry(this.context.db, row.id, row.attempts, this.context.clock.now(), "no direct sender"));
  }

  /** A failed attempt that will be retried; the first one tells the alert's clinicians. */
  failedAttempt(row: OutboxRow, attempts: number, error: unknown): void {
    const reason = describeError(error);
    this.record((tx) => {
      markAttempt(tx, row.id, row.attempts + attempts, reason);
      if (attempts === 1) reportCrisis(this.context, tx, row, "retrying");
    });
  }

  /** Sent, after `attempts` attempts in all. */
  sent(row: OutboxRow, messageId: string, attempts: number): void {
    this.record((tx) => {
      markSent(tx, row.id, messageId, this.context.clock.now(), attempts);
      reportCrisis(this.context, tx, { ...row, attempts }, "sent");
    });
  }

  /** A direct send given up: final, with the platform's refusal handled as in the queue. */
  givenUp(row: OutboxRow, error: unknown, attempts: number): void {
    const reason = describeError(error);
    const permanent = error instanceof PermanentSendError;
    this.record((tx) => {
      const now = this.context.clock.now();
      markFinal(tx, row.id, permanent ? "undeliverable" : "failed", reason, attempts);
      if (permanent && row.identityId !== null) {
        setUndeliverable(tx, row.identityId, true);
        this.context.onUndeliverable?.(tx, row.identityId, now);
      }
      reportCrisis(this.context, tx, { ...row, attempts }, "failed");
    });
    this.context.logger.error({ outboxId: row.id, attempts }, "crisis reply could not be sent");
  }

  /** Writes a direct send's outcome without a long busy-wait; see DeferredWrites. */
  private record(write: (tx: Tx) => void): void {
    this.writes.record(write);
  }
}
