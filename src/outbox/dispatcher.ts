/**
 * Drains the outbox: sends due rows through each platform's sender, records the platform message id,
 * retries transient failures with backoff, and stops for good on permanent refusals.
 *
 * Delivery is at-least-once: a crash between the platform accepting a message and `markSent` sends it
 * again after restart. That window is one message per chat, and it is documented.
 */
import type { Clock } from "../clock.js";
import type { Db } from "../db/connection.js";
import { setUndeliverable } from "../db/repos/identities.js";
import { dueRows, getOutboxRow, markFinal, markRetry, markSent, type OutboxRow } from "../db/repos/outbox.js";
import type { Platform } from "../db/schema.js";
import type { Logger } from "../logger.js";
import { outboundPayloadSchema } from "./payload.js";
import { PermanentSendError, type PlatformSender, TransientSendError } from "./sender.js";

export interface DispatcherOptions {
  /** Attempts before a message is given up as failed. */
  maxAttempts?: number;
  /** First retry delay; doubles with each attempt. */
  baseRetryMs?: number;
  batchSize?: number;
}

export class Dispatcher {
  private readonly senders = new Map<Platform, PlatformSender>();
  private draining: Promise<number> | undefined;
  private readonly maxAttempts: number;
  private readonly baseRetryMs: number;
  private readonly batchSize: number;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly logger: Logger,
    options: DispatcherOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 8;
    this.baseRetryMs = options.baseRetryMs ?? 2_000;
    this.batchSize = options.batchSize ?? 50;
  }

  register(sender: PlatformSender): void {
    this.senders.set(sender.platform, sender);
  }

  /** Sends everything due. Concurrent calls share one pass, so no row is sent twice by this process. */
  drain(): Promise<number> {
    if (!this.draining) {
      this.draining = this.drainAll().finally(() => {
        this.draining = undefined;
      });
    }
    return this.draining;
  }

  private async drainAll(): Promise<number> {
    let sent = 0;
    for (const sender of this.senders.values()) {
      for (;;) {
        const rows = dueRows(this.db, sender.platform, this.clock.now(), this.batchSize);
        if (rows.length === 0) break;
        for (const row of rows) if (await this.deliver(sender, row)) sent += 1;
        if (rows.length < this.batchSize) break;
      }
    }
    return sent;
  }

  private async deliver(sender: PlatformSender, row: OutboxRow): Promise<boolean> {
    const parsed = outboundPayloadSchema.safeParse(row.payload);
    if (!parsed.success) {
      markFinal(this.db, row.id, "failed", "payload does not match the outbound schema");
      this.logger.error({ outboxId: row.id }, "outbox row has an invalid payload");
      return false;
    }
    const payload = parsed.data;
    try {
      if (payload.kind === "message") {
        const { messageId } = await sender.send(row.chatId, payload);
        markSent(this.db, row.id, messageId, this.clock.now());
      } else {
        const target = getOutboxRow(this.db, payload.targetOutboxId);
        if (!target?.platformMessageId) {
          // The message to edit never went out; there is nothing on screen to change.
          markFinal(this.db, row.id, "failed", "edit target was never sent");
          return false;
        }
        await sender.edit(row.chatId, target.platformMessageId, payload.text);
        markSent(this.db, row.id, null, this.clock.now());
      }
      return true;
    } catch (error) {
      this.recordFailure(row, error);
      return false;
    }
  }

  private recordFailure(row: OutboxRow, error: unknown): void {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : "unknown error";
    if (error instanceof PermanentSendError) {
      this.db.transaction((tx) => {
        markFinal(tx, row.id, "undeliverable", reason);
        if (row.identityId !== null) setUndeliverable(tx, row.identityId, true);
      });
      this.logger.warn({ outboxId: row.id, identityId: row.identityId }, "platform refused delivery for good");
      return;
    }
    const attempts = row.attempts + 1;
    if (attempts >= this.maxAttempts) {
      markFinal(this.db, row.id, "failed", reason);
      this.logger.error({ outboxId: row.id, attempts }, "outbox row failed after all attempts");
      return;
    }
    const backoff = this.baseRetryMs * 2 ** (attempts - 1);
    const wait = error instanceof TransientSendError && error.retryAfterMs !== undefined ? error.retryAfterMs : backoff;
    markRetry(this.db, row.id, attempts, new Date(this.clock.now().getTime() + wait), reason);
    this.logger.warn({ outboxId: row.id, attempts, retryInMs: wait }, "send failed; will retry");
  }
}
