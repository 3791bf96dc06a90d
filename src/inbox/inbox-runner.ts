/**
 * Handles what the inbox holds, chat by chat, in update-id order, on whichever worker claims it. It
 * knows no platform: the adapter gives it `handle`, which acts on one stored update and rejects if
 * that failed. A failure releases the update for a later retry and stops that chat's drain, because
 * the chat's next update must not overtake it; after `maxAttempts` the update is given up, so one
 * poisonous update cannot hold its chat's queue forever.
 */
import type { Clock } from "../clock.js";
import type { Logger } from "../logger.js";
import { crisisBusyTimeoutMs, withBusyTimeout } from "../outbox/busy-timeout.js";
import type { ClaimedUpdate, InboxQueue, IncomingUpdate, TelegramInbox } from "./telegram-inbox.js";

/** How long a claim holds: a worker that died mid-handling frees its update after this. */
export const inboxLeaseMs = 30_000;
/** How often the sweep looks for updates no drain is handling (accepted before a crash, retries due). */
export const inboxSweepEveryMs = 5_000;
export const inboxMaxAttempts = 5;

export interface InboxRunnerOptions {
  store: TelegramInbox;
  clock: Clock;
  logger: Logger;
  /** Acts on one stored update (already parsed from its JSON); rejects if handling failed. */
  handle(update: unknown): Promise<void>;
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

export class InboxRunner {
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;

  constructor(private readonly options: InboxRunnerOptions) {}

  /**
   * Stores the update before Telegram is answered; false for a re-delivery. Throws if the database
   * cannot take it, and waits only briefly for another worker's write lock: the caller then handles
   * the update inline, so a locked database never holds up a crisis reply.
   */
  accept(update: IncomingUpdate): boolean {
    const { store, clock } = this.options;
    return withBusyTimeout(store.database, crisisBusyTimeoutMs, () => store.accept(update, clock.now()));
  }

  /** Handles the queue's updates one after another until none can be claimed. Never rejects. */
  async drainChat(queue: InboxQueue): Promise<void> {
    for (;;) {
      const claimed = this.tryStore(() => this.options.store.claimNext(queue, this.options.clock.now(), inboxLeaseMs));
      if (!claimed) return;
      if (!(await this.handleClaimed(claimed))) return;
    }
  }

  /** Drains every queue with a waiting update; a sweep still running is joined, not doubled. */
  sweep(): Promise<void> {
    if (!this.sweeping) {
      const queues = this.tryStore(() => this.options.store.queuesWaiting()) ?? [];
      this.sweeping = Promise.all(queues.map((queue) => this.drainChat(queue))).then(() => {
        this.sweeping = undefined;
      });
    }
    return this.sweeping;
  }

  /** Sweeps now (updates accepted before a restart) and every few seconds until stopped. */
  start(): void {
    void this.sweep();
    this.timer = setInterval(() => void this.sweep(), inboxSweepEveryMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.sweeping;
  }

  /** True if the update is finished (handled or given up) and the drain may go on to the chat's next one. */
  private async handleClaimed(claimed: ClaimedUpdate): Promise<boolean> {
    const { store, clock, logger } = this.options;
    try {
      await this.options.handle(JSON.parse(claimed.payload));
    } catch (error) {
      // Only the error's kind and the update's id: a message could quote the client's words.
      logger.warn(
        { err: { name: errorName(error) }, updateId: claimed.updateId, attempts: claimed.attempts },
        "inbox update failed",
      );
      if (claimed.attempts < inboxMaxAttempts) {
        this.tryStore(() => store.releaseForRetry(claimed.updateId, claimed.attempts, clock.now()));
        return false;
      }
      // Given up, the update no longer holds its chat: the next one may go on at once.
      return (
        this.tryStore(() => {
          store.markGivenUp(claimed.updateId, claimed.attempts, clock.now());
          return true;
        }) === true
      );
    }
    // If this fails the lease runs out and the update is handled again; the engine's update-id
    // dedupe makes that second handling change nothing.
    return (
      this.tryStore(() => {
        store.markHandled(claimed.updateId, clock.now());
        return true;
      }) === true
    );
  }

  /** Runs a store call; a failing database is logged (by kind) and reads as "nothing to do". */
  private tryStore<T>(run: () => T): T | undefined {
    try {
      return run();
    } catch (error) {
      this.options.logger.error({ err: { name: errorName(error) } }, "inbox storage failed");
      return undefined;
    }
  }
}
