/**
 * Engine messages → Discord message options: content split at Discord's 2000 characters, buttons as
 * action rows (at most 5 rows of 5), `customId` the engine's short opaque id, and mentions switched
 * off so nothing anyone typed or translated can ping a person or a role. A picture is attached to the
 * first part, so it sits above the text it illustrates.
 */
import type { RawFile } from "discord.js";
import type { MessagePayload } from "../../src/outbox/payload.js";
import { splitText } from "../../src/text/split-text.js";
import { pictureBytes } from "../shared/picture.js";

export const discordTextLimit = 2000;
export const customIdLimit = 100;

export interface DiscordButton {
  type: 2;
  style: 1;
  label: string;
  custom_id: string;
}

/** Describes the upload sent as form field `files[<id>]`; `description` is the picture's alt text. */
export interface DiscordAttachment {
  id: number;
  filename: string;
  description: string;
}

export interface DiscordMessageOptions {
  content: string;
  components: Array<{ type: 1; components: DiscordButton[] }>;
  allowed_mentions: { parse: [] };
  attachments?: DiscordAttachment[];
}

/** A message part as a REST request: the JSON body, plus the files it refers to in `attachments`. */
export interface DiscordRequest {
  body: DiscordMessageOptions;
  files: RawFile[];
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

/**
 * The parts of `renderDiscordMessage` as REST requests, with the picture (if any) uploaded on the first.
 * The attachment's `id` is the file's index, which is how Discord pairs `attachments[]` with `files[n]`.
 */
export function renderDiscordRequests(message: MessagePayload): DiscordRequest[] {
  const requests = renderDiscordMessage(message).map((body): DiscordRequest => ({ body, files: [] }));
  const first = requests[0];
  if (first && message.image) {
    const { fileName, altText } = message.image;
    first.files = [{ data: pictureBytes(message.image), name: fileName, contentType: "image/png" }];
    first.body.attachments = [{ id: 0, filename: fileName, description: altText }];
  }
  return requests;
}
