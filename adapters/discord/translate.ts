/**
 * Discord direct messages and component/slash interactions → engine events, from plain shapes the
 * bot builds out of discord.js objects (so this stays pure and testable). Identity is the Discord
 * user id only; usernames and display names are never read.
 *
 * Every word a client writes reaches the engine's risk screen, but only a fresh message of their own is
 * read as an answer: an edit, a forward and the text sent with an attachment arrive as an `aside`.
 */
import { asidePayload, type InboundEvent, textToPayload } from "../../src/engine/events.js";

/** What every message shape carries: who wrote it, where, and its text. */
export interface DiscordMessageBase {
  id: string;
  authorId: string;
  authorIsBot: boolean;
  channelId: string;
  /** True for a server channel; Interlude reads only direct messages. */
  inGuild: boolean;
  content: string;
}

export interface DiscordMessageShape extends DiscordMessageBase {
  /** Attachments, stickers, polls and the like: anything that is not plain text. */
  hasNonText: boolean;
  /** A forwarded message: the forwarded message's own text (its snapshot), "" when it has none. */
  forwardedContent?: string;
}

/** A DM the author edited (MESSAGE_UPDATE with an edit time; embed unfurls carry none and are skipped). */
export interface DiscordEditShape extends DiscordMessageBase {
  /** Milliseconds since the epoch; null when the update is not an edit by the author. */
  editedTimestamp: number | null;
}

export interface DiscordInteractionShape {
  id: string;
  userId: string;
  channelId: string;
  inGuild: boolean;
  kind: "button" | "command";
  /** The button's custom id, or the slash command's name. */
  name: string;
  /** Every string option of a slash command, by name, in the order Discord sent them. */
  options?: Record<string, string>;
}

/** Slash commands whose option carries the command's argument (it goes first in `args`). */
const commandArgument: Record<string, string> = { link: "code", ack: "alert", summary: "alias" };

export function messageToEvent(message: DiscordMessageShape): InboundEvent | undefined {
  if (message.authorIsBot || message.inGuild) return undefined;
  let payload: InboundEvent["payload"];
  if (message.forwardedContent !== undefined) {
    payload = asidePayload(message.forwardedContent, "forwarded") ?? { type: "unsupported" };
  } else if (message.hasNonText) {
    payload = asidePayload(message.content, "caption") ?? { type: "unsupported" };
  } else if (message.content.trim() === "") {
    payload = { type: "unsupported" };
  } else {
    payload = textToPayload(message.content.slice(0, 8192));
  }
  return {
    platform: "discord",
    platformUserId: message.authorId,
    chatId: message.channelId,
    updateId: `m:${message.id}`,
    payload,
  };
}

/**
 * An edited DM: screened, never an answer. The update id names the edit, so each edit is handled once
 * and a re-delivered one not again; an update without an edit time (embeds resolving) is ignored.
 */
export function editToEvent(edit: DiscordEditShape): InboundEvent | undefined {
  if (edit.authorIsBot || edit.inGuild || edit.editedTimestamp === null) return undefined;
  const payload = asidePayload(edit.content, "edited");
  if (!payload) return undefined;
  return {
    platform: "discord",
    platformUserId: edit.authorId,
    chatId: edit.channelId,
    updateId: `e:${edit.id}:${edit.editedTimestamp}`,
    payload,
  };
}

/**
 * A slash command's `args`: its argument option first, then every other string option, so that words
 * typed into any option reach the risk screen whatever the command.
 */
function commandArgs(name: string, options: Record<string, string>): string {
  const first = commandArgument[name];
  const values = Object.entries(options)
    .sort(([a], [b]) => Number(b === first) - Number(a === first))
    .map(([, value]) => value.trim())
    .filter((value) => value !== "");
  return values.join(" ").slice(0, 4096);
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
  const args = commandArgs(interaction.name, interaction.options ?? {});
  return { ...base, payload: { type: "command", name: interaction.name.slice(0, 64), args } };
}
