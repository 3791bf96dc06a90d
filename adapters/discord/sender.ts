/**
 * Sends outbox messages to Discord channels over discord.js's REST client and reports failures by
 * kind: 50007 (DMs closed) and unknown channels are permanent, never retried (Discord bans bots that
 * keep making invalid requests); a long rate limit comes back as a retry-after for the outbox; other
 * 4xx mean this message cannot be sent; 5xx and network errors are retried later. A picture goes up as
 * a file with the first part (multipart; discord.js builds it from `files`).
 */
import { createHash } from "node:crypto";
import { DiscordAPIError, HTTPError, RateLimitError, type REST, Routes } from "discord.js";
import type { MessagePayload } from "../../src/outbox/payload.js";
import {
  PermanentSendError,
  type PlatformSender,
  RejectedSendError,
  TransientSendError,
} from "../../src/outbox/sender.js";
import { splitText } from "../../src/text/split-text.js";
import { discordTextLimit, renderDiscordRequests } from "./render.js";

/** Discord error codes that mean this account or channel is gone for us. */
const permanentCodes = new Set([50007, 10003, 10013, 50001]);

export function classifyDiscordError(error: unknown): Error {
  if (error instanceof RateLimitError)
    return new TransientSendError(`rate limited on ${error.route}`, error.retryAfter);
  if (error instanceof DiscordAPIError) {
    const what = `${error.status} ${error.code}: ${error.message}`;
    if (typeof error.code === "number" && permanentCodes.has(error.code)) return new PermanentSendError(what);
    if (error.status === 429) return new TransientSendError(what);
    if (error.status >= 400 && error.status < 500) return new RejectedSendError(what);
    return new TransientSendError(what);
  }
  if (error instanceof HTTPError) return new TransientSendError(`${error.status}: ${error.message}`);
  return error instanceof Error ? error : new TransientSendError(String(error));
}

/** Discord drops a second message with the same nonce (enforce_nonce), which turns a re-send after a crash into a no-op. */
export function nonceFor(dedupeKey: string, part: number): string {
  return createHash("sha256").update(`${dedupeKey}#${part}`).digest("base64url").slice(0, 25);
}

export class DiscordSender implements PlatformSender {
  readonly platform = "discord" as const;

  constructor(private readonly rest: REST) {}

  async send(chatId: string, message: MessagePayload, options: { dedupeKey: string }): Promise<{ messageId: string }> {
    let messageId = "";
    try {
      const parts = renderDiscordRequests(message);
      for (const [index, part] of parts.entries()) {
        // The nonce is in the JSON part of an upload too, so a re-sent picture is dropped like any part.
        const body = { ...part.body, nonce: nonceFor(options.dedupeKey, index), enforce_nonce: true };
        const request = part.files.length > 0 ? { body, files: part.files } : { body };
        const sent = (await this.rest.post(Routes.channelMessages(chatId), request)) as { id: string };
        messageId = sent.id;
      }
    } catch (error) {
      throw classifyDiscordError(error);
    }
    return { messageId };
  }

  async edit(chatId: string, messageId: string, text: string): Promise<void> {
    try {
      // Empty components: the buttons go away with the edit, so an answered question stays answered.
      await this.rest.patch(Routes.channelMessage(chatId, messageId), {
        body: {
          content: splitText(text, discordTextLimit)[0] ?? text,
          components: [],
          allowed_mentions: { parse: [] },
        },
      });
    } catch (error) {
      const classified = classifyDiscordError(error);
      // A message that no longer exists has nothing left to show: not worth a retry or an alert.
      if (error instanceof DiscordAPIError && error.code === 10008) return;
      throw classified;
    }
  }
}
