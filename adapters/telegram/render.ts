/**
 * Engine messages → Telegram sendMessage calls. Plain text only (no parse_mode, so nothing a client
 * or a translator writes can be read as markup); buttons as an inline keyboard whose callback_data
 * is the engine's short opaque id; text longer than Telegram's 4096 limit split on line breaks, with
 * the buttons on the last part.
 */
import type { InlineKeyboardMarkup } from "grammy/types";
import type { MessagePayload } from "../../src/outbox/payload.js";
import { splitText } from "../../src/text/split-text.js";

export const telegramTextLimit = 4096;
export const callbackDataLimitBytes = 64;

export interface TelegramMessage {
  text: string;
  reply_markup?: InlineKeyboardMarkup;
}

export function renderMessage(message: MessagePayload): TelegramMessage[] {
  const parts = splitText(message.text, telegramTextLimit).map((text) => ({ text }) as TelegramMessage);
  if (message.choices && parts.length > 0) {
    for (const button of message.choices.flat()) {
      if (Buffer.byteLength(button.data, "utf8") > callbackDataLimitBytes) {
        throw new Error(
          `button data is ${Buffer.byteLength(button.data)} bytes; Telegram allows ${callbackDataLimitBytes}`,
        );
      }
    }
    (parts[parts.length - 1] as TelegramMessage).reply_markup = {
      inline_keyboard: message.choices.map((row) => row.map((b) => ({ text: b.label, callback_data: b.data }))),
    };
  }
  return parts;
}
