/**
 * Interlude's slash commands as Discord application commands, built from the engine's command table
 * (src/engine/events.ts), with localized descriptions (Discord supports per-locale names and
 * descriptions; the names stay English so /link works everywhere).
 * Usable in DMs with the bot and in servers (where the bot only says it works in DMs).
 */
import { type CommandSpec, commands, menuKeyOf } from "../../src/engine/events.js";
import type { Locale } from "../../src/i18n/locales.js";
import type { MessageKey } from "../../src/prompts/message-keys.js";
import type { Messages } from "../../src/prompts/messages.js";

/** Discord's locale codes for the languages Interlude speaks (English is the default). */
const discordLocales: Partial<Record<Locale, string[]>> = { sv: ["sv-SE"], zh: ["zh-CN", "zh-TW"] };

export interface SlashCommand {
  name: string;
  description: string;
  description_localizations: Record<string, string>;
  type: 1;
  /** 0 = servers, 1 = DMs with the bot. */
  contexts: number[];
  integration_types: number[];
  options?: Array<{
    type: 3;
    name: string;
    description: string;
    description_localizations: Record<string, string>;
    required: boolean;
    max_length: number;
  }>;
}

function localized(messages: Messages, key: MessageKey): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [locale, codes] of Object.entries(discordLocales) as Array<[Locale, string[]]>) {
    for (const code of codes) out[code] = messages.t(locale, key).slice(0, 100);
  }
  return out;
}

/**
 * Every command the engine's table lists for Discord, with its argument as an option. Discord has one
 * list for everyone, so clinician commands are in it too (a client who uses one is told it is unknown).
 * A name both audiences have (/pause, and a clinician's /pause ALIAS) is one command: described as the
 * client's, with the clinician's argument as an optional option whose description says it is theirs.
 */
export function slashCommands(messages: Messages): SlashCommand[] {
  const listed = commands.filter((command: CommandSpec) => command.menus.includes("discord"));
  const names = [...new Set(listed.map((command) => command.name))];
  const base = { type: 1 as const, contexts: [0, 1], integration_types: [0] };
  return names.map((name) => {
    const specs: CommandSpec[] = listed.filter((command) => command.name === name);
    const shown = specs.find((command) => command.audience !== "clinician") ?? (specs[0] as CommandSpec);
    const argument = shown.argument ?? specs.find((command) => command.argument)?.argument;
    const key = menuKeyOf(shown);
    const slash: SlashCommand = {
      ...base,
      name,
      description: messages.t("en", key).slice(0, 100),
      description_localizations: localized(messages, key),
    };
    if (argument) {
      slash.options = [
        {
          type: 3,
          name: argument.name,
          description: messages.t("en", argument.description).slice(0, 100),
          description_localizations: localized(messages, argument.description),
          // Borrowed from the clinicians' version, it must stay optional for the clients' one.
          required: argument.required && shown.argument !== undefined,
          max_length: argument.maxLength,
        },
      ];
    }
    return slash;
  });
}
