/**
 * A fake platform for dispatcher and scheduler tests: records every call, can be told to fail, and
 * can enforce a rate limit on the test's clock (answering 429 with retry_after when exceeded).
 */
import type { Clock } from "../../src/clock.js";
import type { Platform } from "../../src/db/schema.js";
import type { MessagePayload } from "../../src/outbox/payload.js";
import { PermanentSendError, type PlatformSender, TransientSendError } from "../../src/outbox/sender.js";

export interface SentCall {
  kind: "send" | "edit";
  chatId: string;
  text: string;
  messageId: string;
  dedupeKey?: string;
  at: number;
}

export type Failure = "transient" | "permanent" | { retryAfterMs: number } | Error;

export class RecordingSender implements PlatformSender {
  readonly calls: SentCall[] = [];
  /** Failures to return for the next calls, in order. */
  readonly failures: Failure[] = [];
  rateLimited = 0;
  private nextId = 1;
  private readonly recent: number[] = [];

  constructor(
    readonly platform: Platform,
    private readonly clock: Clock,
    /** When set, more than this many sends in any second answer 429. */
    private readonly limitPerSecond?: number,
  ) {}

  async send(chatId: string, message: MessagePayload, options: { dedupeKey: string }) {
    this.check();
    const messageId = String(this.nextId++);
    this.calls.push({
      kind: "send",
      chatId,
      text: message.text,
      messageId,
      dedupeKey: options.dedupeKey,
      at: this.clock.now().getTime(),
    });
    return { messageId };
  }

  async edit(chatId: string, messageId: string, text: string) {
    this.check();
    this.calls.push({ kind: "edit", chatId, text, messageId, at: this.clock.now().getTime() });
  }

  sends(chatId?: string): SentCall[] {
    return this.calls.filter((c) => c.kind === "send" && (chatId === undefined || c.chatId === chatId));
  }

  private check(): void {
    const failure = this.failures.shift();
    if (failure === "transient") throw new TransientSendError("server error 502");
    if (failure === "permanent") throw new PermanentSendError("403: bot was blocked by the user");
    if (failure instanceof Error) throw failure;
    if (failure) throw new TransientSendError("429: too many requests", failure.retryAfterMs);
    if (this.limitPerSecond !== undefined) {
      const now = this.clock.now().getTime();
      while (this.recent.length > 0 && (this.recent[0] as number) <= now - 1_000) this.recent.shift();
      if (this.recent.length >= this.limitPerSecond) {
        this.rateLimited += 1;
        throw new TransientSendError("429: too many requests", 1_000);
      }
      this.recent.push(now);
    }
  }
}

/** A `wait` for the dispatcher that moves the fake clock instead of sleeping. */
export function fakeWait(clock: { advance(ms: number): void }) {
  return async (ms: number) => {
    clock.advance(ms);
  };
}
