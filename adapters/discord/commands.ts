/**
 * Interlude's slash commands as Discord application commands, with localized descriptions (Discord
 * supports per-locale names and descriptions; the names stay English so /link works everywhere).
 * Usable in DMs with the bot and in servers (where the bot only says it works in DMs).
 */
import type { Locale } from "../../src/i18n/locales.js";
import type { MessageKey } from "../../src/prompts/message-keys.js";
import type { Messages } from "../../src/prompts/messages.js";

/** Discord's locale codes for the languages Interlude speaks (English is the default). */
const discordLocales: Partial<Record<Locale, string[]>> = { sv: ["sv-SE"], zh: ["zh-CN", "zh-TW"] };

const menu = ["help", "pause", "resume", "stop", "privacy", "language", "alerts"] as const;

export interface SlashCommand {
  name: string;
  description: string;
  description_localizations: Record<string, string>;
  type: 1;
  /** 0 = servers, 1 = DMs with the bot. */
  contexts: number[];
  integration_types: number[];
  options?: Array<{ type: 3; name: string; description: string; required: boolean; max_length: number }>;
}

function localized(messages: Messages, key: MessageKey): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [locale, codes] of Object.entries(discordLocales) as Array<[Locale, string[]]>) {
    for (const code of codes) out[code] = messages.t(locale, key).slice(0, 100);
  }
  return out;
}

export function slashCommands(messages: Messages): SlashCommand[] {
  const base = { type: 1 as const, contexts: [0, 1], integration_types: [0] };
  const link: SlashCommand = {
    ...base,
    name: "link",
    description: messages.t("en", "menu.link").slice(0, 100),
    description_localizations: localized(messages, "menu.link"),
    options: [{ type: 3, name: "code", description: "Your invite code", required: true, max_length: 64 }],
  };
  const ack: SlashCommand = {
    ...base,
    name: "ack",
    description: messages.t("en", "menu.ack").slice(0, 100),
    description_localizations: localized(messages, "menu.ack"),
    options: [{ type: 3, name: "alert", description: "Alert number", required: true, max_length: 12 }],
  };
  const summary: SlashCommand = {
    ...base,
    name: "summary",
    description: messages.t("en", "menu.summary").slice(0, 100),
    description_localizations: localized(messages, "menu.summary"),
    options: [
      { type: 3, name: "alias", description: "One client's alias (optional)", required: false, max_length: 40 },
    ],
  };
  return [
    link,
    ack,
    summary,
    ...menu.map((name) => ({
      ...base,
      name,
      description: messages.t("en", `menu.${name}` as MessageKey).slice(0, 100),
      description_localizations: localized(messages, `menu.${name}` as MessageKey),
    })),
  ];
}
