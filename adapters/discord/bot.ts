/**
 * The discord.js client as a factory that starts nothing. It reads direct messages (new and edited)
 * and component / slash interactions, hands each to the engine as an event (synchronously, so it is
 * committed first), and acknowledges every interaction well within Discord's 3 seconds. All replies go
 * through the outbox; a slash command's "thinking…" placeholder is removed once the replies are on
 * their way.
 * In a server channel it answers only, ephemerally, that it works in DMs, and stores nothing.
 */
import {
  ApplicationCommandOptionType,
  Client,
  type CommandInteractionOption,
  Events,
  GatewayIntentBits,
  type Interaction,
  type Message,
  MessageFlags,
  MessageReferenceType,
  type OmitPartialGroupDMChannel,
  type PartialMessage,
  Partials,
} from "discord.js";
import type { InboundEvent } from "../../src/engine/events.js";
import type { Locale } from "../../src/i18n/locales.js";
import type { Logger } from "../../src/logger.js";
import { discordRestOptions } from "./rest.js";
import { type DiscordMessageBase, editToEvent, interactionToEvent, messageToEvent } from "./translate.js";

export interface DiscordBotOptions {
  /** A test fake's REST root; default Discord's API. The gateway URL comes from REST, so it moves too. */
  apiRoot?: string;
  onEvent: (event: InboundEvent) => void;
  /** Flushes the outbox; awaited before a slash command's placeholder is removed. */
  afterEvent: () => Promise<unknown>;
  /** The "works in DMs only" text in a language (no engine involved: nothing is stored). */
  privateOnlyText: (locale: Locale) => string;
  logger: Logger;
  /** The gateway closed with a code discord.js does not reconnect after (gateway.ts logs in anew later). */
  onClosedForGood?: () => void;
}

function localeOf(discordLocale: string): Locale {
  if (discordLocale.startsWith("sv")) return "sv";
  if (discordLocale.startsWith("zh")) return "zh";
  return "en";
}

export function createDiscordClient(options: DiscordBotOptions): Client {
  const client = new Client({
    // DMs need the DirectMessages intent and the Channel partial (DM channels are not cached up front);
    // the Message partial lets an edit of a message sent before a restart (not cached) arrive at all.
    intents: [GatewayIntentBits.DirectMessages],
    partials: [Partials.Channel, Partials.Message],
    allowedMentions: { parse: [] },
    rest: discordRestOptions(options.apiRoot),
  });

  client.on(Events.ShardDisconnect, () => options.onClosedForGood?.());

  client.on(Events.MessageCreate, (message: Message) => {
    // A forward carries the forwarded message as a snapshot; its own content is empty.
    const isForward = message.reference?.type === MessageReferenceType.Forward;
    const event = messageToEvent({
      ...baseOf(message),
      hasNonText: message.attachments.size > 0 || message.stickers.size > 0 || message.poll !== null,
      ...(isForward ? { forwardedContent: message.messageSnapshots.first()?.content ?? "" } : {}),
    });
    if (!event) return;
    options.onEvent(event);
    void options.afterEvent().catch(() => undefined);
  });

  client.on(Events.MessageUpdate, (_old, updated) => {
    void handleEdit(updated, options).catch((error: unknown) => {
      options.logger.warn({ err: { name: (error as Error).name } }, "discord message edit could not be read");
    });
  });

  client.on(Events.InteractionCreate, (interaction: Interaction) => {
    void handleInteraction(interaction, options).catch((error: unknown) => {
      options.logger.warn({ err: { name: (error as Error).name } }, "discord interaction could not be acknowledged");
    });
  });
  return client;
}

/** The plain fields every message translation reads (ids and text; never a name). */
function baseOf(message: Message): DiscordMessageBase {
  return {
    id: message.id,
    authorId: message.author.id,
    authorIsBot: message.author.bot,
    channelId: message.channelId,
    inGuild: message.inGuild(),
    content: message.content,
  };
}

/** An edited DM, read in full (fetched if the gateway sent only part of it) and screened as an aside. */
async function handleEdit(
  updated: OmitPartialGroupDMChannel<Message | PartialMessage>,
  options: DiscordBotOptions,
): Promise<void> {
  const message = updated.partial ? await updated.fetch() : updated;
  if (message.inGuild() || message.editedTimestamp === null) return;
  const event = editToEvent({
    ...baseOf(message),
    editedTimestamp: message.editedTimestamp,
  });
  if (!event) return;
  options.onEvent(event);
  await options.afterEvent();
}

/** Every string option's value, sub-commands included, by option name. */
function stringOptions(data: readonly CommandInteractionOption[], into: Record<string, string> = {}) {
  for (const option of data) {
    if (option.type === ApplicationCommandOptionType.String && typeof option.value === "string") {
      into[option.name] = option.value;
    }
    if (option.options) stringOptions(option.options, into);
  }
  return into;
}

async function handleInteraction(interaction: Interaction, options: DiscordBotOptions): Promise<void> {
  if (!interaction.isButton() && !interaction.isChatInputCommand()) return;
  if (interaction.inGuild()) {
    // Only the person who used it sees this, and nothing about them is stored.
    await interaction.reply({
      content: options.privateOnlyText(localeOf(interaction.locale)),
      flags: MessageFlags.Ephemeral,
    });
    return;
  }
  const who = { id: interaction.id, userId: interaction.user.id, channelId: interaction.channelId, inGuild: false };
  if (interaction.isButton()) {
    options.onEvent(interactionToEvent({ ...who, kind: "button", name: interaction.customId }));
    // Acknowledge without changing the message: the engine's edit (answer shown, buttons gone) follows.
    await interaction.deferUpdate();
    await options.afterEvent();
    return;
  }
  // Every string option, not only the command's own argument: words typed anywhere are screened.
  options.onEvent(
    interactionToEvent({
      ...who,
      kind: "command",
      name: interaction.commandName,
      options: stringOptions(interaction.options.data),
    }),
  );
  await interaction.deferReply();
  await options.afterEvent();
  // The replies were sent as ordinary messages; the placeholder has nothing left to say.
  await interaction.deleteReply();
}
