/**
 * Sends outbox messages through the Bot API and reports failures by kind, so the dispatcher (not
 * this adapter) decides about retries: 429 → retry after Telegram's retry_after; 403 (blocked, or the
 * user deactivated) → the account is gone; other 4xx → this message cannot be sent; 5xx and network
 * errors → try again later. A message with a picture starts with a sendPhoto (see render-photo.ts).
 */
import { type Api, GrammyError, HttpError, InputFile } from "grammy";
import type { MessagePayload } from "../../src/outbox/payload.js";
import {
  PermanentSendError,
  type PlatformSender,
  RejectedSendError,
  TransientSendError,
} from "../../src/outbox/sender.js";
import { splitText } from "../../src/text/split-text.js";
import { renderMessage, type TelegramMessage, telegramTextLimit } from "./render.js";
import { renderPhotoMessage, telegramCaptionLimit } from "./render-photo.js";

/** Edits that fail for these reasons have nothing left to do: the screen already shows the truth. */
const harmlessEditErrors = [/message is not modified/i, /message to edit not found/i, /message can't be edited/i];
/** editMessageText on a photo: its text is the caption, which only editMessageCaption changes. */
const captionOnly = /there is no text in the message to edit/i;

export function classifyTelegramError(error: unknown): Error {
  if (error instanceof GrammyError) {
    const what = `${error.error_code}: ${error.description}`;
    if (error.error_code === 429) {
      const seconds = error.parameters.retry_after ?? 1;
      return new TransientSendError(what, seconds * 1_000);
    }
    if (error.error_code === 403 || /chat not found|user is deactivated/i.test(error.description)) {
      return new PermanentSendError(what);
    }
    if (error.error_code >= 400 && error.error_code < 500) return new RejectedSendError(what);
    return new TransientSendError(what);
  }
  if (error instanceof HttpError) return new TransientSendError(`network: ${error.message}`);
  return error instanceof Error ? error : new TransientSendError(String(error));
}

export class TelegramSender implements PlatformSender {
  readonly platform = "telegram" as const;

  constructor(private readonly api: Api) {}

  async send(chatId: string, message: MessagePayload): Promise<{ messageId: string }> {
    let messageId = "";
    try {
      let texts: TelegramMessage[];
      if (message.image) {
        const { photo, texts: after } = renderPhotoMessage(message, message.image);
        const sent = await this.api.sendPhoto(chatId, new InputFile(photo.data, photo.fileName), {
          ...(photo.caption !== undefined ? { caption: photo.caption } : {}),
          ...(photo.reply_markup ? { reply_markup: photo.reply_markup } : {}),
        });
        messageId = String(sent.message_id);
        texts = after;
      } else {
        texts = renderMessage(message);
      }
      // A message longer than Telegram allows goes out in parts; the buttons ride on the last one.
      for (const part of texts) {
        const sent = await this.api.sendMessage(
          chatId,
          part.text,
          part.reply_markup ? { reply_markup: part.reply_markup } : {},
        );
        messageId = String(sent.message_id);
      }
    } catch (error) {
      throw classifyTelegramError(error);
    }
    return { messageId };
  }

  async edit(chatId: string, messageId: string, text: string): Promise<void> {
    try {
      // No reply_markup in the edit: Telegram removes the buttons, so an answered question cannot be
      // answered again. Only the first part fits in one message.
      await this.api.editMessageText(chatId, Number(messageId), splitText(text, telegramTextLimit)[0] ?? text);
    } catch (error) {
      // The outbox keeps only the message id, not whether it was a photo, so a captioned photo (a picture
      // whose question fitted its caption) is found out by Telegram's refusal and edited as a caption.
      if (error instanceof GrammyError && captionOnly.test(error.description))
        return this.editCaption(chatId, messageId, text);
      if (error instanceof GrammyError && harmlessEditErrors.some((p) => p.test(error.description))) return;
      throw classifyTelegramError(error);
    }
  }

  private async editCaption(chatId: string, messageId: string, text: string): Promise<void> {
    try {
      // As with text, no reply_markup: the buttons go away.
      await this.api.editMessageCaption(chatId, Number(messageId), {
        caption: splitText(text, telegramCaptionLimit)[0] ?? text,
      });
    } catch (error) {
      if (error instanceof GrammyError && harmlessEditErrors.some((p) => p.test(error.description))) return;
      throw classifyTelegramError(error);
    }
  }
}
