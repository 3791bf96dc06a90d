/**
 * Direct sends (crisis replies) and their order against the queue: each goes at once, retried in
 * memory within a window (direct-send.ts), and the dispatcher's drain waits for their first attempts
 * (`firstAttempts`) so that a chat's queue never overtakes its crisis reply.
 */
import type { Clock } from "../clock.js";
import type { Db } from "../db/connection.js";
import type { Platform } from "../db/schema.js";
import type { Logger } from "../logger.js";
import { type DirectResult, type DirectSend, sendWithRetry } from "./direct-send.js";
import type { Registered } from "./pacing.js";
import { type MessagePayload, outboundPayloadSchema } from "./payload.js";
import { getOutboxRow } from "./queue.js";
import type { DirectSendOutcomes } from "./send-outcome.js";

export interface UrgentDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** The dispatcher's registered platforms (live: a platform registered later is found too). */
  platforms: ReadonlyMap<Platform, Registered>;
  retry: DirectSend["retry"];
  wait: (ms: number) => Promise<void>;
  stopped: () => boolean;
  outcomes: DirectSendOutcomes;
  /** Starts a drain; called once a batch's first attempts have ended. */
  drain: () => Promise<unknown>;
}

export class UrgentSends {
  /** Direct sends in flight; a drain waits for them so a chat's queue never overtakes its crisis reply. */
  private firsts: Promise<void> = Promise.resolve();
  /** Direct sends until they end, retries included; `stop` waits for them. */
  private tails: Promise<void> = Promise.resolve();

  constructor(private readonly deps: UrgentDeps) {}

  /** Settles when the first attempt of every direct send started so far has ended. */
  firstAttempts(): Promise<void> {
    return this.firsts;
  }

  /** Settles when every direct send started so far has ended, retries included. */
  ended(): Promise<void> {
    return this.tails;
  }

  /** Sends rows committed as `sending` now, records each outcome, then starts a drain. */
  sendRecorded(outboxIds: number[]): void {
    let firstDone: () => void = () => undefined;
    const first = new Promise<void>((resolve) => {
      firstDone = resolve;
    });
    const run = this.sendRows(outboxIds, firstDone).catch((error: unknown) => {
      this.deps.logger.error({ err: { name: (error as Error).name } }, "direct send failed");
    });
    void run.finally(firstDone);
    this.firsts = Promise.all([this.firsts, first]).then(() => undefined);
    this.tails = Promise.all([this.tails, run]).then(() => undefined);
    void first.then(() => this.deps.drain().catch(() => undefined));
  }

  /** A message recorded nowhere, sent like a recorded crisis reply; rejects once given up. */
  async sendUnrecorded(platform: Platform, chatId: string, text: string, dedupeKey: string): Promise<void> {
    const registered = this.deps.platforms.get(platform);
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
    const { clock, retry, wait, stopped, logger } = this.deps;
    return sendWithRetry({
      sender,
      limiter,
      chatId,
      payload,
      dedupeKey,
      clock,
      retry,
      wait,
      stopped,
      logger,
      ...(onFailedAttempt ? { onFailedAttempt } : {}),
    });
  }

  private async sendRows(outboxIds: number[], firstDone: () => void): Promise<void> {
    const { db, platforms, outcomes } = this.deps;
    const runs: Promise<void>[] = [];
    const firsts: Promise<void>[] = [];
    for (const id of outboxIds) {
      // A read: in WAL mode it never waits for another process's write lock.
      const row = getOutboxRow(db, id);
      if (row?.status !== "sending") continue;
      const registered = platforms.get(row.platform);
      const parsed = outboundPayloadSchema.safeParse(row.payload);
      if (!registered || !parsed.success || parsed.data.kind !== "message") {
        // Nobody to send it directly: the queue takes it, first in line for its chat.
        outcomes.queueInstead(row);
        continue;
      }
      let first: () => void = () => undefined;
      firsts.push(
        new Promise<void>((resolve) => {
          first = resolve;
        }),
      );
      const onFailedAttempt = (attempts: number, error: unknown) => {
        outcomes.failedAttempt(row, attempts, error);
        if (attempts === 1) first();
      };
      runs.push(
        this.sendDirect(registered, row.chatId, parsed.data, row.dedupeKey, onFailedAttempt).then((result) => {
          if (result.sent) {
            outcomes.sent(row, result.messageId, row.attempts + result.attempts);
          } else if (!result.interrupted) {
            outcomes.givenUp(row, result.error, row.attempts + result.attempts);
          }
          first();
        }),
      );
    }
    void Promise.all(firsts).then(firstDone);
    if (firsts.length === 0) firstDone();
    await Promise.all(runs);
  }
}
