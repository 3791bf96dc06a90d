/**
 * Sending one crisis reply now, outside the queue, and retrying it with backoff until it is sent or a
 * bound passes. The retry lives in memory on purpose: a crisis reply must not wait for the next drain,
 * but it must not retry for ever either, so the window is bounded and the outcome is recorded.
 */
import type { Clock } from "../clock.js";
import type { Logger } from "../logger.js";
import type { MessagePayload } from "./payload.js";
import type { RateLimiter } from "./rate-limiter.js";
import { PermanentSendError, type PlatformSender, RejectedSendError, TransientSendError } from "./sender.js";

/** What a direct send came to. `interrupted`: the dispatcher stopped mid-retry; the row stays `sending`. */
export type DirectResult =
  | { sent: true; messageId: string; attempts: number }
  | { sent: false; error: unknown; attempts: number; interrupted: boolean };

export interface DirectSend {
  sender: PlatformSender;
  limiter: RateLimiter;
  chatId: string;
  payload: MessagePayload;
  dedupeKey: string;
  clock: Clock;
  /** First delay, doubling up to `maxDelayMs` (or the platform's retry-after), within `windowMs` of the first try. */
  retry: { baseMs: number; maxDelayMs: number; windowMs: number };
  wait: (ms: number) => Promise<void>;
  /** Whether the dispatcher is stopping: then the retry ends and the row is left for the next start. */
  stopped: () => boolean;
  logger: Logger;
  /** Called after each failed attempt that will be retried. */
  onFailedAttempt?: (attempts: number, error: unknown) => void;
}

/** Sends, retrying transient failures inside the window; never throws. */
export async function sendWithRetry(send: DirectSend): Promise<DirectResult> {
  const { sender, limiter, chatId, payload, dedupeKey, clock, retry } = send;
  const started = clock.now().getTime();
  for (let attempts = 1; ; attempts++) {
    limiter.record(chatId, clock.now().getTime());
    try {
      const { messageId } = await sender.send(chatId, payload, { dedupeKey });
      return { sent: true, messageId, attempts };
    } catch (error) {
      if (error instanceof PermanentSendError || error instanceof RejectedSendError) {
        return { sent: false, error, attempts, interrupted: false };
      }
      const retryAfter = error instanceof TransientSendError ? error.retryAfterMs : undefined;
      const delay = retryAfter ?? Math.min(retry.maxDelayMs, retry.baseMs * 2 ** (attempts - 1));
      const elapsed = clock.now().getTime() - started;
      if (elapsed + delay > retry.windowMs) return { sent: false, error, attempts, interrupted: false };
      if (send.stopped()) return { sent: false, error, attempts, interrupted: true };
      send.logger.warn({ attempts, retryInMs: delay }, "direct send failed; retrying");
      send.onFailedAttempt?.(attempts, error);
      await send.wait(delay);
      if (send.stopped()) return { sent: false, error, attempts, interrupted: true };
    }
  }
}
