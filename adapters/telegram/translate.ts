/**
 * Telegram updates → engine events. Pure and total: any update yields an event or nothing, never an
 * exception. Identity is the sender's numeric user id; names and usernames are never read.
 */
import type { Update } from "grammy/types";
import { type InboundEvent, textToPayload } from "../../src/engine/events.js";

type Payload = InboundEvent["payload"];

/** What kinds of update the bot asks Telegram for (everything else is never delivered). */
export const allowedUpdates = ["message", "edited_message", "callback_query", "my_chat_member"] as const;

function chatType(type: string): "private" | "group" {
  return type === "private" ? "private" : "group";
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

  // An edited message would change an answer after the fact: acknowledge it, act on nothing.
  const message = update.message ?? update.edited_message;
  if (!message?.from) return undefined;
  let payload: Payload;
  if (update.edited_message || message.forward_origin) payload = { type: "unsupported" };
  else if (typeof message.text === "string") payload = textToPayload(message.text.slice(0, 8192));
  else payload = { type: "unsupported" };
  return {
    platform: "telegram",
    platformUserId: String(message.from.id),
    chatId: String(message.chat.id),
    chatType: chatType(message.chat.type),
    updateId,
    payload,
  };
}
