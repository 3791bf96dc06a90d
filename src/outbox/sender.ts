/**
 * The contract between the dispatcher and a platform adapter. The adapter translates; the dispatcher
 * decides about retries, so adapters report failures by kind instead of retrying themselves:
 * success returns, `TransientSendError` (optionally with the platform's retry-after) is retried,
 * `PermanentSendError` (the account refuses us) and `RejectedSendError` (the message is unsendable) are
 * never retried, and any other error is treated as transient.
 */
import type { Platform } from "../db/schema.js";
import type { MessagePayload } from "./payload.js";

export interface PlatformSender {
  readonly platform: Platform;
  /**
   * Sends a message; returns the platform's id for it (used to edit it later). `dedupeKey` is stable
   * across retries: platforms with idempotent sends (Discord's nonce) use it to drop a re-send.
   */
  send(chatId: string, message: MessagePayload, options: { dedupeKey: string }): Promise<{ messageId: string }>;
  /** Replaces the text of a sent message and removes its buttons. */
  edit(chatId: string, messageId: string, text: string): Promise<void>;
}

/** The platform refused for good (blocked bot, closed DMs): never retry, mark the identity undeliverable. */
export class PermanentSendError extends Error {
  override name = "PermanentSendError";
}

/** This message can never be sent as it is (the platform rejected its content); the account is fine. */
export class RejectedSendError extends Error {
  override name = "RejectedSendError";
}

/** Worth retrying later (network, rate limit, server error); `retryAfterMs` when the platform said. */
export class TransientSendError extends Error {
  override name = "TransientSendError";
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}
