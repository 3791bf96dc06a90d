/**
 * Drains the outbox: sends sendable rows through each platform's sender within the platform's rate
 * limits, records the platform message id, retries transient failures with backoff (a platform's
 * retry_after reschedules the row: nobody sleeps for minutes in memory), and stops for good on a
 * permanent refusal.
 *
 * Delivery is at-least-once: a row is marked `sending` before it is handed over and `sent` after, so a
 * crash in between re-sends that one message after restart (with its dedupe key, which platforms that
 * support idempotent sends use to drop the copy). Nothing is ever lost.
 *
 * The parts: pacing.ts paces each platform's queue, queued-send.ts sends one queued row (its failures
 * in send-failure.ts), urgent-sends.ts sends crisis replies ahead of the queue, send-outcome.ts records
 * how a direct send went, leases.ts hands a dead worker's rows to the living, and startup-recovery.ts
 * re-queues rows a crash interrupted when this is the only worker.
 */
import type { Clock } from "../clock.js";
import type { Db } from "../db/connection.js";
import type { Platform } from "../db/schema.js";
import type { Logger } from "../logger.js";
import type { UrgentChannel } from "./channels.js";
import type { DispatcherOptions } from "./dispatcher-options.js";
import { type Lease, leaseFrom, newWorkerId, outboxLeaseMs, reclaimExpired, renewLeases } from "./leases.js";
import { drainPlatform, type Pacing, type Registered } from "./pacing.js";
import { type DrainReport, type QueuedSendDeps, sendQueued } from "./queued-send.js";
import { defaultRateLimits, RateLimiter, type RateLimits } from "./rate-limiter.js";
import { DirectSendOutcomes } from "./send-outcome.js";
import type { PlatformSender } from "./sender.js";
import { requeueAfterCrash } from "./startup-recovery.js";
import { UrgentSends } from "./urgent-sends.js";

export type { DispatcherOptions } from "./dispatcher-options.js";
export type { DrainReport } from "./queued-send.js";

const realWait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class Dispatcher implements UrgentChannel {
  private readonly platforms = new Map<Platform, Registered>();
  private draining: Promise<DrainReport> | undefined;
  private stopped = false;
  private again = false;
  /** How direct sends ended; a drain first writes those the database refused at the time. */
  private readonly outcomes: DirectSendOutcomes;
  private readonly urgent: UrgentSends;
  private readonly pacing: Pacing;
  private readonly queued: QueuedSendDeps;
  private readonly crisisRetry: { baseMs: number; maxDelayMs: number; windowMs: number };
  readonly workerId: string;
  private readonly leaseMs: number;
  private readonly renewEveryMs: number;
  private readonly soleWorker: boolean;
  private readonly dispatching: () => boolean;
  private leaseKeeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly logger: Logger,
    options: DispatcherOptions = {},
  ) {
    this.workerId = options.workerId ?? newWorkerId();
    this.leaseMs = options.leaseMs ?? outboxLeaseMs;
    this.soleWorker = options.soleWorker ?? true;
    this.dispatching = options.dispatching ?? (() => true);
    this.renewEveryMs = options.renewEveryMs ?? this.leaseMs / 4;
    const leaseFor = (now: Date) => this.leaseFor(now);
    const retry = {
      maxAttempts: options.maxAttempts ?? 10,
      baseRetryMs: options.baseRetryMs ?? 2_000,
      maxRetryMs: options.maxRetryMs ?? 30 * 60_000,
    };
    const wait = options.wait ?? realWait;
    const stopped = () => this.stopped;
    this.crisisRetry = {
      baseMs: options.crisisRetry?.baseMs ?? 1_000,
      maxDelayMs: options.crisisRetry?.maxDelayMs ?? 30_000,
      windowMs: options.crisisRetry?.windowMs ?? 10 * 60_000,
    };
    const { onUndeliverable, onCrisisOutcome } = options;
    const context = { db, clock, logger, onUndeliverable, onCrisisOutcome };
    this.outcomes = new DirectSendOutcomes(context);
    this.queued = { ...context, retry, leaseFor };
    this.pacing = {
      db,
      clock,
      batchSize: options.batchSize ?? 100,
      maxInlineWaitMs: options.maxInlineWaitMs ?? 1_500,
      wait,
      stopped,
    };
    this.urgent = new UrgentSends({
      db,
      clock,
      logger,
      platforms: this.platforms,
      retry: this.crisisRetry,
      wait,
      stopped,
      outcomes: this.outcomes,
      drain: () => this.drain(),
    });
  }

  /** How long a direct send is retried before it counts as failed (the spool waits this long too). */
  get crisisRetryWindowMs(): number {
    return this.crisisRetry.windowMs;
  }

  /** The lease this worker sends under, from `now`. */
  leaseFor(now: Date): Lease {
    return leaseFrom(this.workerId, now, this.leaseMs);
  }

  /**
   * Adds a platform. As the only worker, rows a crash left `sending` for it are queued again at once
   * (at most one duplicate each); with several, they wait for their lease to run out.
   */
  register(sender: PlatformSender, limits: RateLimits = defaultRateLimits[sender.platform]): void {
    this.platforms.set(sender.platform, { sender, limiter: new RateLimiter(limits) });
    if (this.soleWorker) requeueAfterCrash(this.db, this.logger, sender.platform);
    this.startKeepingLeases();
  }

  /**
   * Renews the leases of the rows this worker is sending, then takes over (puts back in the queue)
   * rows whose lease ran out because their worker died. Runs every `renewEveryMs`; never throws, since
   * a database that cannot be reached now is tried again at the next renewal.
   */
  keepLeases(): void {
    const now = this.clock.now();
    try {
      renewLeases(this.db, this.leaseFor(now));
      for (const platform of this.platforms.keys()) {
        const reclaimed = reclaimExpired(this.db, platform, now);
        if (reclaimed > 0)
          this.logger.warn({ platform, reclaimed }, "re-sending rows whose worker stopped renewing them");
      }
    } catch (error) {
      this.logger.error({ err: { name: (error as Error).name } }, "could not renew the outbox leases");
    }
  }

  private startKeepingLeases(): void {
    if (this.leaseKeeper || this.stopped) return;
    this.leaseKeeper = setInterval(() => this.keepLeases(), this.renewEveryMs);
    // Renewing leases is no reason to keep the process alive.
    this.leaseKeeper.unref();
  }

  /**
   * Stops sending after the row in flight (for shutdown); whatever is left stays in the outbox for the
   * next start. Resolves when the current pass has ended.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.urgent.ended();
    await this.draining?.catch(() => undefined);
    // Only once nothing is in flight: a row still being sent keeps its lease until then.
    clearInterval(this.leaseKeeper);
    this.leaseKeeper = undefined;
  }

  /** Sends everything sendable. Concurrent calls share one pass, so this process never sends a row twice. */
  drain(): Promise<DrainReport> {
    if (this.stopped) return Promise.resolve({ sent: 0, retried: 0, failed: 0, undeliverable: 0 });
    if (this.draining) {
      // Rows written since the pass began may sit on a platform it has already left: go round again.
      this.again = true;
      return this.draining;
    }
    this.draining = this.drainAll().finally(() => {
      this.draining = undefined;
    });
    return this.draining;
  }

  /**
   * Sends rows the engine committed as `sending` (crisis replies) now, ahead of every queue, retrying
   * with backoff until sent or the retry window has passed (see `crisisRetry`); each attempt's outcome
   * is recorded on the row, and an alert's clinicians are told how it went. A drain waits only for the
   * first attempts, so the queue does not stand still while a crisis reply is being retried; the
   * chat's own later rows wait behind the row, which stays `sending` until it ends. A crash leaves it
   * `sending`, which `register` re-queues at start-up.
   */
  sendRecorded(outboxIds: number[]): void {
    this.urgent.sendRecorded(outboxIds);
  }

  /**
   * Sends a message that exists nowhere but here (the database failed), retried like a recorded crisis
   * reply; resolves when sent, rejects once the retry window has passed or the platform refused.
   */
  sendUnrecorded(platform: Platform, chatId: string, text: string, dedupeKey: string): Promise<void> {
    return this.urgent.sendUnrecorded(platform, chatId, text, dedupeKey);
  }

  private async drainAll(): Promise<DrainReport> {
    await this.urgent.firstAttempts();
    this.outcomes.flush();
    const report: DrainReport = { sent: 0, retried: 0, failed: 0, undeliverable: 0 };
    if (!this.dispatching()) return report;
    do {
      this.again = false;
      for (const registered of this.platforms.values()) {
        await drainPlatform(this.pacing, registered, (row) => sendQueued(this.queued, registered, row, report));
      }
    } while (this.again && !this.stopped);
    return report;
  }
}
