/**
 * Fake platform input, shaped like what grammY and our discord.js glue hand to the adapters, so the
 * bad-input test goes through the same translation a real update does. Only the fields the
 * translators read are filled in; the rest of a real update is noise to them.
 */
import type { Update } from "grammy/types";
import type { DiscordInteractionShape, DiscordMessageShape } from "../../adapters/discord/translate.js";

export interface TelegramSender {
  userId: number;
  /** The private chat's id equals the user id on Telegram; a group's is negative. */
  chatId: number;
  group: boolean;
}

function chat(sender: TelegramSender) {
  return sender.group
    ? { id: sender.chatId, type: "supergroup", title: "group" }
    : { id: sender.chatId, type: "private", first_name: "x" };
}

const from = (sender: TelegramSender) => ({ id: sender.userId, is_bot: false, first_name: "x" });

export type TelegramMessageKind = "text" | "edited" | "forwarded" | "sticker";

export function telegramMessage(updateId: number, sender: TelegramSender, kind: TelegramMessageKind, text: string) {
  const message = {
    message_id: updateId,
    date: 1_767_600_000,
    chat: chat(sender),
    from: from(sender),
    ...(kind === "sticker" ? { sticker: { file_id: "f" } } : { text }),
    ...(kind === "forwarded" ? { forward_origin: { type: "hidden_user", date: 1, sender_user_name: "y" } } : {}),
  };
  const update =
    kind === "edited" ? { update_id: updateId, edited_message: message } : { update_id: updateId, message };
  return update as unknown as Update;
}

export function telegramPress(updateId: number, sender: TelegramSender, data: string) {
  return {
    update_id: updateId,
    callback_query: {
      id: `cq${updateId}`,
      from: from(sender),
      chat_instance: "ci",
      data,
      message: { message_id: 1, date: 1_767_600_000, chat: chat(sender) },
    },
  } as unknown as Update;
}

export function telegramMembership(updateId: number, sender: TelegramSender, reachable: boolean) {
  return {
    update_id: updateId,
    my_chat_member: {
      chat: chat(sender),
      from: from(sender),
      date: 1_767_600_000,
      old_chat_member: { status: reachable ? "kicked" : "member", user: from(sender) },
      new_chat_member: { status: reachable ? "member" : "kicked", user: from(sender) },
    },
  } as unknown as Update;
}

export interface DiscordSender {
  userId: string;
  channelId: string;
  group: boolean;
}

export function discordMessage(id: string, sender: DiscordSender, content: string, hasNonText: boolean) {
  return {
    id,
    authorId: sender.userId,
    authorIsBot: false,
    channelId: sender.channelId,
    inGuild: sender.group,
    content,
    hasNonText,
  } satisfies DiscordMessageShape;
}

export function discordInteraction(
  id: string,
  sender: DiscordSender,
  kind: "button" | "command",
  name: string,
  argument?: string,
) {
  const shape: DiscordInteractionShape = {
    id,
    userId: sender.userId,
    channelId: sender.channelId,
    inGuild: sender.group,
    kind,
    name,
  };
  // Every argument-taking command's option name, so the argument arrives whichever command it is.
  if (argument !== undefined) shape.options = { code: argument, alert: argument, alias: argument };
  return shape;
}
