/**
 * Discord direct messages and component/slash interactions → engine events, from plain shapes the
 * bot builds out of discord.js objects (so this stays pure and testable). Identity is the Discord
 * user id only; usernames and display names are never read.
 */
import { type InboundEvent, textToPayload } from "../../src/engine/events.js";

export interface DiscordMessageShape {
  id: string;
  authorId: string;
  authorIsBot: boolean;
  channelId: string;
  /** True for a server channel; Interlude reads only direct messages. */
  inGuild: boolean;
  content: string;
  /** Attachments, stickers, polls and the like: anything that is not plain text. */
  hasNonText: boolean;
}

export interface DiscordInteractionShape {
  id: string;
  userId: string;
  channelId: string;
  inGuild: boolean;
  kind: "button" | "command";
  /** The button's custom id, or the slash command's name. */
  name: string;
  /** Slash command options by name (only strings are used). */
  options?: Record<string, string>;
}

/** Slash commands and which option carries the argument. */
const commandArgument: Record<string, string> = { link: "code", ack: "alert", summary: "alias" };

export function messageToEvent(message: DiscordMessageShape): InboundEvent | undefined {
  if (message.authorIsBot || message.inGuild) return undefined;
  const payload: InboundEvent["payload"] =
    message.hasNonText || message.content.trim() === ""
      ? { type: "unsupported" }
      : textToPayload(message.content.slice(0, 8192));
  return {
    platform: "discord",
    platformUserId: message.authorId,
    chatId: message.channelId,
    updateId: `m:${message.id}`,
    payload,
  };
}

export function interactionToEvent(interaction: DiscordInteractionShape): InboundEvent {
  const base = {
    platform: "discord" as const,
    platformUserId: interaction.userId,
    chatId: interaction.channelId,
    chatType: interaction.inGuild ? ("group" as const) : ("private" as const),
    updateId: `i:${interaction.id}`,
  };
  if (interaction.kind === "button")
    return { ...base, payload: { type: "choice", data: interaction.name.slice(0, 256) } };
  const option = commandArgument[interaction.name];
  const args = option ? (interaction.options?.[option] ?? "") : "";
  return { ...base, payload: { type: "command", name: interaction.name.slice(0, 64), args: args.slice(0, 4096) } };
}
