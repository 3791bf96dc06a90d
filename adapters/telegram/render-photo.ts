/**
 * Engine messages with a picture → one sendPhoto plus, when needed, sendMessage calls. Telegram limits
 * a photo's caption to 1024 characters: text that fits becomes the caption (with the buttons, so the
 * picture and its question stay one message); longer text follows the uncaptioned photo as ordinary
 * messages, split as usual with the buttons on the last part.
 */
import type { InlineKeyboardMarkup } from "grammy/types";
import type { MessagePayload, OutboundImage } from "../../src/outbox/payload.js";
import { pictureBytes } from "../shared/picture.js";
import { renderMessage, type TelegramMessage } from "./render.js";

export const telegramCaptionLimit = 1024;

export interface TelegramPhoto {
  data: Buffer;
  fileName: string;
  caption?: string;
  reply_markup?: InlineKeyboardMarkup;
}

export function renderPhotoMessage(
  message: MessagePayload,
  image: OutboundImage,
): { photo: TelegramPhoto; texts: TelegramMessage[] } {
  // renderMessage also checks the buttons, so both paths refuse the same button data.
  const parts = renderMessage(message);
  const photo: TelegramPhoto = { data: pictureBytes(image), fileName: image.fileName };
  const [only] = parts;
  // Telegram counts caption length in UTF-16 code units, which is what `length` counts.
  if (parts.length === 1 && only && only.text.length <= telegramCaptionLimit) {
    photo.caption = only.text;
    if (only.reply_markup) photo.reply_markup = only.reply_markup;
    return { photo, texts: [] };
  }
  return { photo, texts: parts };
}
