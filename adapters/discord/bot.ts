/**
 * The discord.js client as a factory that starts nothing. It reads direct messages and component /
 * slash interactions, hands each to the engine as an event (synchronously, so it is committed first),
 * and acknowledges every interaction well within Discord's 3 seconds. All replies go through the
 * outbox; a slash command's "thinking…" placeholder is removed once the replies are on their way.
 * In a server channel it answers only, ephemerally, that it works in DMs, and stores nothing.
 */
import { Client, Events, GatewayIntentBits, type Interaction, type Message, MessageFlags, Partials } from "discord.js";
import type { InboundEvent } from "../../src/engine/events.js";
import type { Locale } from "../../src/i18n/locales.js";
import type { Logger } from "../../src/logger.js";
import { interactionToEvent, messageToEvent } from "./translate.js";

export interface DiscordBotOptions {
  /** A test fake's REST root; default Discord's API. The gateway URL comes from REST, so it moves too. */
  apiRoot?: string;
  onEvent: (event: InboundEvent) => void;
  /** Flushes the outbox; awaited before a slash command's placeholder is removed. */
  afterEvent: () => Promise<unknown>;
  /** The "works in DMs only" text in a language (no engine involved: nothing is stored). */
  privateOnlyText: (locale: Locale) => string;
  logger: Logger;
}

/** Rate limits longer than this come back to the outbox as a retry-after instead of a sleeping request. */
const longestInlineRateLimitMs = 3_000;

function localeOf(discordLocale: string): Locale {
  if (discordLocale.startsWith("sv")) return "sv";
  if (discordLocale.startsWith("zh")) return "zh";
  return "en";
}

export function createDiscordClient(options: DiscordBotOptions): Client {
  const client = new Client({
    // DMs need the DirectMessages intent and the Channel partial (DM channels are not cached up front).
    intents: [GatewayIntentBits.DirectMessages],
    partials: [Partials.Channel],
    allowedMentions: { parse: [] },
    rest: {
      ...(options.apiRoot ? { api: options.apiRoot } : {}),
      rejectOnRateLimit: (limit) => limit.retryAfter > longestInlineRateLimitMs,
    },
  });

  client.on(Events.MessageCreate, (message: Message) => {
    const event = messageToEvent({
      id: message.id,
      authorId: message.author.id,
      authorIsBot: message.author.bot,
      channelId: message.channelId,
      inGuild: message.inGuild(),
      content: message.content,
      hasNonText: message.attachments.size > 0 || message.stickers.size > 0 || message.poll !== null,
    });
    if (!event) return;
    options.onEvent(event);
    void options.afterEvent().catch(() => undefined);
  });

  client.on(Events.InteractionCreate, (interaction: Interaction) => {
    void handleInteraction(interaction, options).catch((error: unknown) => {
      options.logger.warn({ err: { name: (error as Error).name } }, "discord interaction could not be acknowledged");
    });
  });
  return client;
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
  const code = interaction.options.getString("code");
  options.onEvent(
    interactionToEvent({
      ...who,
      kind: "command",
      name: interaction.commandName,
      ...(code === null ? {} : { options: { code } }),
    }),
  );
  await interaction.deferReply();
  await options.afterEvent();
  // The replies were sent as ordinary messages; the placeholder has nothing left to say.
  await interaction.deleteReply();
}
