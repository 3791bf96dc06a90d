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
import {
  claim,
  getOutboxRow,
  markFinal,
  markRetry,
  markSent,
  type OutboxRow,
  requeueInterrupted,
  sendableRows,
} from "../db/repos/outbox.js";
import type { Platform } from "../db/schema.js";
import type { UrgentChannel } from "../engine/engine.js";
import type { Logger } from "../logger.js";
import { outboundPayloadSchema } from "./payload.js";
import { defaultRateLimits, RateLimiter, type RateLimits } from "./rate-limiter.js";
import { PermanentSendError, type PlatformSender, RejectedSendError, TransientSendError } from "./sender.js";

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
}

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
  private stopped = false;
  private again = false;
  private readonly options: Required<Omit<DispatcherOptions, "onUndeliverable">> &
    Pick<DispatcherOptions, "onUndeliverable">;

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
    };
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
    await this.urgentSends;
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
   * Sends rows the engine committed as `sending` (crisis replies) now, ahead of every queue, but still
   * through the platform's rate limiter. A failure puts the row back in the queue with the usual
   * retries; a crash before this leaves it `sending`, which `register` re-queues at start-up.
   */
  sendRecorded(outboxIds: number[]): void {
    this.urgentSends = this.urgentSends
      .then(() => this.sendUrgentRows(outboxIds))
      .catch((error: unknown) => {
        this.logger.error({ err: { name: (error as Error).name } }, "direct send failed");
      });
    void this.urgentSends.then(() => this.drain());
  }

  /** Sends a message that exists nowhere but here (the database failed); throws if it cannot be sent. */
  async sendUnrecorded(platform: Platform, chatId: string, text: string, dedupeKey: string): Promise<void> {
    const registered = this.platforms.get(platform);
    if (!registered) throw new Error(`no sender registered for ${platform}`);
    registered.limiter.record(chatId, this.clock.now().getTime());
    await registered.sender.send(chatId, { kind: "message", text }, { dedupeKey });
  }

  private async sendUrgentRows(outboxIds: number[]): Promise<void> {
    const report: DrainReport = { sent: 0, retried: 0, failed: 0, undeliverable: 0 };
    for (const id of outboxIds) {
      const row = getOutboxRow(this.db, id);
      if (row?.status !== "sending") continue;
      const registered = this.platforms.get(row.platform);
      const parsed = outboundPayloadSchema.safeParse(row.payload);
      if (!registered || !parsed.success || parsed.data.kind !== "message") {
        // Nobody to send it directly: the queue takes it, first in line for its chat.
        markRetry(this.db, row.id, row.attempts, this.clock.now(), "no direct sender");
        continue;
      }
      registered.limiter.record(row.chatId, this.clock.now().getTime());
      try {
        const { messageId } = await registered.sender.send(row.chatId, parsed.data, { dedupeKey: row.dedupeKey });
        markSent(this.db, row.id, messageId, this.clock.now());
      } catch (error) {
        this.recordFailure(registered.limiter, row, error, report);
      }
    }
  }

  private async drainAll(): Promise<DrainReport> {
    await this.urgentSends;
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
        markSent(this.db, row.id, messageId, this.clock.now());
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
    const now = this.clock.now();
    const reason = error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : "unknown error";
    if (error instanceof PermanentSendError) {
      this.db.transaction((tx) => {
        markFinal(tx, row.id, "undeliverable", reason, row.attempts + 1);
        if (row.identityId !== null) {
          setUndeliverable(tx, row.identityId, true);
          this.options.onUndeliverable?.(tx, row.identityId, now);
        }
      });
      report.undeliverable += 1;
      this.logger.warn({ outboxId: row.id, identityId: row.identityId }, "platform refused delivery for good");
      return;
    }
    const attempts = row.attempts + 1;
    if (error instanceof RejectedSendError || attempts >= this.options.maxAttempts) {
      markFinal(this.db, row.id, "failed", reason, attempts);
      report.failed += 1;
      this.logger.error({ outboxId: row.id, attempts }, "outbox row failed after all attempts");
      return;
    }
    const backoff = Math.min(this.options.maxRetryMs, this.options.baseRetryMs * 2 ** (attempts - 1));
    const retryAfter = error instanceof TransientSendError ? error.retryAfterMs : undefined;
    const waitMs = retryAfter ?? backoff;
    // A platform-wide "slow down" holds every send on this platform, not just this row.
    if (retryAfter !== undefined) limiter.pause(now.getTime() + retryAfter);
    markRetry(this.db, row.id, attempts, new Date(now.getTime() + waitMs), reason);
    report.retried += 1;
    this.logger.warn({ outboxId: row.id, attempts, retryInMs: waitMs }, "send failed; will retry");
  }
}
