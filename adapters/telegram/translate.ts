/**
 * Telegram updates → engine events. Pure and total: any update yields an event or nothing, never an
 * exception. Identity is the sender's numeric user id; names and usernames are never read.
 *
 * Every word a client writes reaches the engine's risk screen, but only a fresh message of their own is
 * read as an answer: an edit (an answer must not change after the fact), a forward (someone else's or
 * older words) and a caption on a picture or file arrive as an `aside`.
 */
import type { Message, Update } from "grammy/types";
import { asidePayload, type InboundEvent, textToPayload } from "../../src/engine/events.js";

type Payload = InboundEvent["payload"];

/**
 * What kinds of update the bot asks Telegram for (everything else is never delivered). Edits must stay
 * here: without `edited_message`, words a client changes into a disclosure would never be screened.
 */
export const allowedUpdates = ["message", "edited_message", "callback_query", "my_chat_member"] as const;

function chatType(type: string): "private" | "group" {
  return type === "private" ? "private" : "group";
}

/**
 * The person's own words in a message: its text, or the caption of its photo, document, video, audio,
 * voice or animation. A quoted part of a reply (`quote`) and the replied-to message are someone else's
 * words (often the bot's own) and are never included.
 */
function ownWords(message: Message): { words: string; captioned: boolean } | undefined {
  if (typeof message.text === "string") return { words: message.text, captioned: false };
  if (typeof message.caption === "string") return { words: message.caption, captioned: true };
  return undefined;
}

function messagePayload(message: Message, edited: boolean): Payload | undefined {
  const own = ownWords(message);
  if (edited) return asidePayload(own?.words, "edited");
  if (message.forward_origin) return asidePayload(own?.words, "forwarded") ?? { type: "unsupported" };
  if (!own) return { type: "unsupported" };
  if (own.captioned) return asidePayload(own.words, "caption") ?? { type: "unsupported" };
  return textToPayload(own.words.slice(0, 8192));
}

/** Translates one update, or returns undefined for updates that mean nothing to Interlude. */
export function toInboundEvent(update: Update): InboundEvent | undefined {
  const updateId = String(update.update_id);

  if (update.callback_query) {
    const query = update.callback_query;
    const chat = query.message?.chat;
    if (!chat) return undefined; // a button on an inline-mode message: not ours
    return {
      platform: "telegram",
      platformUserId: String(query.from.id),
      chatId: String(chat.id),
      chatType: chatType(chat.type),
      updateId,
      payload: { type: "choice", data: (query.data ?? "").slice(0, 256) },
    };
  }

  if (update.my_chat_member) {
    const change = update.my_chat_member;
    if (change.chat.type !== "private") return undefined;
    const status = change.new_chat_member.status;
    return {
      platform: "telegram",
      platformUserId: String(change.from.id),
      chatId: String(change.chat.id),
      updateId,
      payload: { type: "reachability", reachable: status !== "kicked" && status !== "left" },
    };
  }

  // Channel posts, business messages and the like are not a person writing to Interlude.
  const message = update.message ?? update.edited_message;
  if (!message?.from) return undefined;
  // An edit without words (a live location moving, say) means nothing to Interlude: no reply.
  const payload = messagePayload(message, update.message === undefined);
  if (!payload) return undefined;
  return {
    platform: "telegram",
    platformUserId: String(message.from.id),
    chatId: String(message.chat.id),
    chatType: chatType(message.chat.type),
    updateId,
    payload,
  };
}
