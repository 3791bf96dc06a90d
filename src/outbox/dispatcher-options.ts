/** How the dispatcher paces, retries and reports; every field has a default in the dispatcher. */
import type { Tx } from "../db/connection.js";
import type { CrisisOutcome } from "./crisis-key.js";
import type { OutboxRow } from "./queue.js";

export interface DispatcherOptions {
  /** Attempts before a message is given up as failed. */
  maxAttempts?: number;
  /** First retry delay; doubles with each attempt, capped at `maxRetryMs`. */
  baseRetryMs?: number;
  maxRetryMs?: number;
  batchSize?: number;
  /** Waits between sends to honour rate limits; tests pass one that moves a fake clock. */
  wait?: (ms: number) => Promise<void>;
  /** Longest a drain waits in memory for a per-chat limit before leaving the row to the next drain. */
  maxInlineWaitMs?: number;
  /** Called (inside the transaction that marks it) when a platform refuses an identity for good. */
  onUndeliverable?: (tx: Tx, identityId: number, now: Date) => void;
  /**
   * Called (inside the transaction that records it) when an alert's crisis reply is first found
   * failing, is finally sent, or is given up; src/safety/crisis-delivery.ts tells the clinicians.
   */
  onCrisisOutcome?: (tx: Tx, row: OutboxRow, outcome: CrisisOutcome, now: Date) => void;
  /**
   * A direct (crisis) send is retried in memory, from `crisisRetry.baseMs` doubling up to `maxDelayMs`
   * (or the platform's retry-after), until it is sent or `windowMs` has passed since the first try;
   * then it is recorded as failed and the clinicians are told it could not be sent.
   */
  crisisRetry?: { baseMs?: number; maxDelayMs?: number; windowMs?: number };
  /** This worker's id on the rows it sends (leases.ts); a new random one by default. */
  workerId?: string;
  /** How long a row being sent stays this worker's without a renewal (leases.ts `outboxLeaseMs`). */
  leaseMs?: number;
  /** How often leases are renewed and expired ones taken over; a quarter lease by default. */
  renewEveryMs?: number;
  /**
   * Whether this is the only worker on its database (SQLite). Then every row found `sending` at
   * start-up was left by its own dead predecessor and is re-sent at once, without waiting for its
   * lease to run out; with several workers, only expired leases are taken over.
   */
  soleWorker?: boolean;
  /**
   * Whether this worker sends the queue now: with several workers, only the holder of the `dispatch`
   * role does, so the platform's global rate limit, paced in this process's memory, holds for all of
   * them together. Direct (crisis) sends go from whichever worker received the message, always.
   * Every worker by default (one worker holds every role).
   */
  dispatching?: () => boolean;
}
