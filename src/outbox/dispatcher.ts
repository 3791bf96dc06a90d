/**
 * Drains the outbox: sends sendable rows through each platform's sender within the platform's rate
 * limits, records the platform message id, retries transient failures with backoff (a platform's
 * retry_after reschedules the row: nobody sleeps for minutes in memory), and stops for good on a
 * permanent refusal.
 *
 * Delivery is at-least-once: a row is marked `sending` before it is handed over and `sent` after, so a
 * crash in between re-sends that one message after restart (with its dedupe key, which platforms that
 * support idempotent sends use to drop the copy). Nothing is ever lost.
 */
import type { Clock } from "../clock.js";
import type { Db, Tx } from "../db/connection.js";
import { getIdentity, setUndeliverable } from "../db/repos/identities.js";
import type { Platform } from "../db/schema.js";
import type { Logger } from "../logger.js";
import { alertOfCrisisKey, type CrisisOutcome } from "./crisis-key.js";
import { DeferredWrites } from "./deferred-writes.js";
import { type DirectResult, sendWithRetry } from "./direct-send.js";
import type { DispatcherOptions } from "./dispatcher-options.js";
import {
  claim,
  getOutboxRow,
  markAttempt,
  markFinal,
  markRetry,
  markSent,
  type OutboxRow,
  requeueInterrupted,
  sendableRows,
} from "./queue.js";

export type { DispatcherOptions } from "./dispatcher-options.js";

import type { UrgentChannel } from "./channels.js";
import { type MessagePayload, outboundPayloadSchema } from "./payload.js";
import { defaultRateLimits, RateLimiter, type RateLimits } from "./rate-limiter.js";
import { describeError, recordSendFailure } from "./send-failure.js";
import { PermanentSendError, type PlatformSender } from "./sender.js";

interface Registered {
  sender: PlatformSender;
  limiter: RateLimiter;
}

export interface DrainReport {
  sent: number;
  retried: number;
  failed: number;
  undeliverable: number;
}

const realWait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class Dispatcher implements UrgentChannel {
  private readonly platforms = new Map<Platform, Registered>();
  private draining: Promise<DrainReport> | undefined;
  /** Direct sends in flight; a drain waits for them so a chat's queue never overtakes its crisis reply. */
  private urgentSends: Promise<void> = Promise.resolve();
  /** Direct sends until they end, retries included; `stop` waits for them. */
  private urgentTails: Promise<void> = Promise.resolve();
  private stopped = false;
  private again = false;
  /** Outcomes of direct sends that could not be written yet (the database was locked); written next drain. */
  private readonly outcomes: DeferredWrites;
  private readonly crisisRetry: { baseMs: number; maxDelayMs: number; windowMs: number };
  private readonly options: Required<Omit<DispatcherOptions, "onUndeliverable" | "onCrisisOutcome" | "crisisRetry">> &
    Pick<DispatcherOptions, "onUndeliverable" | "onCrisisOutcome">;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly logger: Logger,
    options: DispatcherOptions = {},
  ) {
    this.options = {
      maxAttempts: options.maxAttempts ?? 10,
      baseRetryMs: options.baseRetryMs ?? 2_000,
      maxRetryMs: options.maxRetryMs ?? 30 * 60_000,
      batchSize: options.batchSize ?? 100,
      wait: options.wait ?? realWait,
      maxInlineWaitMs: options.maxInlineWaitMs ?? 1_500,
      onUndeliverable: options.onUndeliverable,
      onCrisisOutcome: options.onCrisisOutcome,
    };
    this.outcomes = new DeferredWrites(db, logger);
    this.crisisRetry = {
      baseMs: options.crisisRetry?.baseMs ?? 1_000,
      maxDelayMs: options.crisisRetry?.maxDelayMs ?? 30_000,
      windowMs: options.crisisRetry?.windowMs ?? 10 * 60_000,
    };
  }

  /** How long a direct send is retried before it counts as failed (the spool waits this long too). */
  get crisisRetryWindowMs(): number {
    return this.crisisRetry.windowMs;
  }

  /** Adds a platform. Rows a crash left `sending` for it are queued again (at most one duplicate each). */
  register(sender: PlatformSender, limits: RateLimits = defaultRateLimits[sender.platform]): void {
    this.platforms.set(sender.platform, { sender, limiter: new RateLimiter(limits) });
    const requeued = requeueInterrupted(this.db, sender.platform);
    if (requeued > 0)
      this.logger.warn({ platform: sender.platform, requeued }, "re-sending rows interrupted by a crash");
  }

  /**
   * Stops sending after the row in flight (for shutdown); whatever is left stays in the outbox for the
   * next start. Resolves when the current pass has ended.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.urgentTails;
    await this.draining?.catch(() => undefined);
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
    let firstDone: () => void = () => undefined;
    const first = new Promise<void>((resolve) => {
      firstDone = resolve;
    });
    const run = this.sendUrgentRows(outboxIds, firstDone).catch((error: unknown) => {
      this.logger.error({ err: { name: (error as Error).name } }, "direct send failed");
    });
    void run.finally(firstDone);
    this.urgentSends = Promise.all([this.urgentSends, first]).then(() => undefined);
    this.urgentTails = Promise.all([this.urgentTails, run]).then(() => undefined);
    void first.then(() => this.drain().catch(() => undefined));
  }

  /**
   * Sends a message that exists nowhere but here (the database failed), retried like a recorded crisis
   * reply; resolves when sent, rejects once the retry window has passed or the platform refused.
   */
  async sendUnrecorded(platform: Platform, chatId: string, text: string, dedupeKey: string): Promise<void> {
    const registered = this.platforms.get(platform);
    if (!registered) throw new Error(`no sender registered for ${platform}`);
    const result = await this.sendDirect(registered, chatId, { kind: "message", text }, dedupeKey);
    if (!result.sent) throw result.error instanceof Error ? result.error : new Error("crisis reply not sent");
  }

  /** One message, sent now and retried with backoff inside the window; never throws. */
  private sendDirect(
    { sender, limiter }: Registered,
    chatId: string,
    payload: MessagePayload,
    dedupeKey: string,
    onFailedAttempt?: (attempts: number, error: unknown) => void,
  ): Promise<DirectResult> {
    return sendWithRetry({
      sender,
      limiter,
      chatId,
      payload,
      dedupeKey,
      clock: this.clock,
      retry: this.crisisRetry,
      wait: this.options.wait,
      stopped: () => this.stopped,
      logger: this.logger,
      ...(onFailedAttempt ? { onFailedAttempt } : {}),
    });
  }

  private async sendUrgentRows(outboxIds: number[], firstDone: () => void): Promise<void> {
    const runs: Promise<void>[] = [];
    const firsts: Promise<void>[] = [];
    for (const id of outboxIds) {
      // A read: in WAL mode it never waits for another process's write lock.
      const row = getOutboxRow(this.db, id);
      if (row?.status !== "sending") continue;
      const registered = this.platforms.get(row.platform);
      const parsed = outboundPayloadSchema.safeParse(row.payload);
      if (!registered || !parsed.success || parsed.data.kind !== "message") {
        // Nobody to send it directly: the queue takes it, first in line for its chat.
        this.record(() => markRetry(this.db, row.id, row.attempts, this.clock.now(), "no direct sender"));
        continue;
      }
      let first: () => void = () => undefined;
      firsts.push(
        new Promise<void>((resolve) => {
          first = resolve;
        }),
      );
      const onFailedAttempt = (attempts: number, error: unknown) => {
        const reason = describeError(error);
        this.record((tx) => {
          markAttempt(tx, row.id, row.attempts + attempts, reason);
          if (attempts === 1) this.reportCrisis(tx, row, "retrying");
        });
        if (attempts === 1) first();
      };
      runs.push(
        this.sendDirect(registered, row.chatId, parsed.data, row.dedupeKey, onFailedAttempt).then((result) => {
          if (result.sent) {
            this.record((tx) => {
              markSent(tx, row.id, result.messageId, this.clock.now(), row.attempts + result.attempts);
              this.reportCrisis(tx, { ...row, attempts: row.attempts + result.attempts }, "sent");
            });
          } else if (!result.interrupted) {
            this.recordDirectFailure(row, result.error, row.attempts + result.attempts);
          }
          first();
        }),
      );
    }
    void Promise.all(firsts).then(firstDone);
    if (firsts.length === 0) firstDone();
    await Promise.all(runs);
  }

  /** A direct send given up: final, with the platform's refusal handled as in the queue. */
  private recordDirectFailure(row: OutboxRow, error: unknown, attempts: number): void {
    const reason = describeError(error);
    const permanent = error instanceof PermanentSendError;
    this.record((tx) => {
      const now = this.clock.now();
      markFinal(tx, row.id, permanent ? "undeliverable" : "failed", reason, attempts);
      if (permanent && row.identityId !== null) {
        setUndeliverable(tx, row.identityId, true);
        this.options.onUndeliverable?.(tx, row.identityId, now);
      }
      this.reportCrisis(tx, { ...row, attempts }, "failed");
    });
    this.logger.error({ outboxId: row.id, attempts }, "crisis reply could not be sent");
  }

  private reportCrisis(tx: Tx, row: OutboxRow, outcome: CrisisOutcome): void {
    if (alertOfCrisisKey(row.dedupeKey) === undefined) return;
    this.options.onCrisisOutcome?.(tx, row, outcome, this.clock.now());
  }

  /** Writes a direct send's outcome without a long busy-wait; see DeferredWrites. */
  private record(write: (tx: Tx) => void): void {
    this.outcomes.record(write);
  }

  private async drainAll(): Promise<DrainReport> {
    await this.urgentSends;
    this.outcomes.flush();
    const report: DrainReport = { sent: 0, retried: 0, failed: 0, undeliverable: 0 };
    do {
      this.again = false;
      for (const registered of this.platforms.values()) await this.drainPlatform(registered, report);
    } while (this.again && !this.stopped);
    return report;
  }

  private async drainPlatform({ sender, limiter }: Registered, report: DrainReport): Promise<void> {
    for (;;) {
      const rows = sendableRows(this.db, sender.platform, this.clock.now(), this.options.batchSize);
      if (rows.length === 0) return;
      let progressed = false;
      let soonestChatWait = Number.POSITIVE_INFINITY;
      for (const row of rows) {
        if (this.stopped) return;
        const chatWait = limiter.chatWait(row.chatId, this.clock.now().getTime());
        if (chatWait > 0) {
          soonestChatWait = Math.min(soonestChatWait, chatWait);
          continue;
        }
        const globalWait = limiter.globalWait(this.clock.now().getTime());
        // A long platform pause (retry_after) is left to a later drain, not slept through in memory.
        if (globalWait > this.options.maxInlineWaitMs) return;
        if (globalWait > 0) await this.options.wait(globalWait);
        limiter.record(row.chatId, this.clock.now().getTime());
        await this.deliver(sender, limiter, row, report);
        progressed = true;
      }
      if (!progressed) {
        // Every sendable chat is inside its own limit: wait briefly, or leave it to the next drain.
        if (soonestChatWait > this.options.maxInlineWaitMs) return;
        await this.options.wait(soonestChatWait);
      }
    }
  }

  private async deliver(
    sender: PlatformSender,
    limiter: RateLimiter,
    row: OutboxRow,
    report: DrainReport,
  ): Promise<void> {
    const parsed = outboundPayloadSchema.safeParse(row.payload);
    if (!parsed.success) {
      markFinal(this.db, row.id, "failed", "payload does not match the outbound schema");
      this.logger.error({ outboxId: row.id }, "outbox row has an invalid payload");
      report.failed += 1;
      return;
    }
    const payload = parsed.data;
    let editTarget: string | undefined;
    if (payload.kind === "edit") {
      editTarget = getOutboxRow(this.db, payload.targetOutboxId)?.platformMessageId ?? undefined;
      if (!editTarget) {
        // The message to edit never went out; there is nothing on screen to change.
        markFinal(this.db, row.id, "failed", "edit target was never sent");
        report.failed += 1;
        return;
      }
    }
    if (row.identityId !== null && getIdentity(this.db, row.identityId)?.undeliverable) {
      // The platform already refused this account for good: asking again only earns a ban.
      markFinal(this.db, row.id, "undeliverable", "identity is undeliverable");
      report.undeliverable += 1;
      return;
    }
    if (!claim(this.db, row.id, this.clock.now())) return;
    try {
      if (payload.kind === "message") {
        const { messageId } = await sender.send(row.chatId, payload, { dedupeKey: row.dedupeKey });
        this.db.transaction((tx) => {
          markSent(tx, row.id, messageId, this.clock.now());
          this.reportCrisis(tx, { ...row, attempts: row.attempts + 1 }, "sent");
        });
      } else {
        await sender.edit(row.chatId, editTarget as string, payload.text);
        markSent(this.db, row.id, null, this.clock.now());
      }
      report.sent += 1;
    } catch (error) {
      this.recordFailure(limiter, row, error, report);
    }
  }

  private recordFailure(limiter: RateLimiter, row: OutboxRow, error: unknown, report: DrainReport): void {
    recordSendFailure(
      {
        db: this.db,
        now: this.clock.now(),
        logger: this.logger,
        retry: this.options,
        onUndeliverable: this.options.onUndeliverable,
        reportCrisis: (tx, failed, outcome) => this.reportCrisis(tx, failed, outcome),
      },
      { limiter, row, error, report },
    );
  }
}
