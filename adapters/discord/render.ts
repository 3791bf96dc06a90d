/**
 * Engine messages → Discord message options: content split at Discord's 2000 characters, buttons as
 * action rows (at most 5 rows of 5), `customId` the engine's short opaque id, and mentions switched
 * off so nothing anyone typed or translated can ping a person or a role.
 */
import type { MessagePayload } from "../../src/outbox/payload.js";
import { splitText } from "../shared/split-text.js";

export const discordTextLimit = 2000;
export const customIdLimit = 100;

export interface DiscordButton {
  type: 2;
  style: 1;
  label: string;
  custom_id: string;
}

export interface DiscordMessageOptions {
  content: string;
  components: Array<{ type: 1; components: DiscordButton[] }>;
  allowed_mentions: { parse: [] };
}

export function renderDiscordMessage(message: MessagePayload): DiscordMessageOptions[] {
  const parts: DiscordMessageOptions[] = splitText(message.text, discordTextLimit).map((content) => ({
    content,
    components: [],
    allowed_mentions: { parse: [] },
  }));
  const last = parts[parts.length - 1];
  if (last && message.choices) {
    last.components = message.choices.slice(0, 5).map((row) => ({
      type: 1,
      components: row.slice(0, 5).map((button) => {
        if (button.data.length > customIdLimit)
          throw new Error(`customId is ${button.data.length} characters; Discord allows ${customIdLimit}`);
        return { type: 2, style: 1, label: button.label.slice(0, 80), custom_id: button.data };
      }),
    }));
  }
  return parts;
}
