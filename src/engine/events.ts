/**
 * The engine's input: one platform-neutral event per thing a person did. Adapters build these from
 * platform updates; the engine parses them here, once, and trusts nothing it did not parse.
 */
import { z } from "zod";
import { platforms } from "../db/schema.js";

/** Commands the engine understands; anything else arrives as `unknown`-handled name. */
export const commandNames = [
  "start",
  "link",
  "help",
  "pause",
  "resume",
  "stop",
  "privacy",
  "language",
  // Clinicians only: a client who sends these gets "unknown command".
  "ack",
  "alerts",
  "summary",
] as const;

const idText = z.string().min(1).max(128);

export const inboundEventSchema = z.strictObject({
  platform: z.enum(platforms),
  /** The platform's stable user id: the only thing identity is ever based on. */
  platformUserId: idText,
  chatId: idText,
  /** Whether the chat is a private one; Interlude stores nothing from group chats. */
  chatType: z.enum(["private", "group"]).default("private"),
  /** The platform's id for this update; the same id is never acted on twice. */
  updateId: idText,
  payload: z.discriminatedUnion("type", [
    z.strictObject({ type: z.literal("text"), text: z.string() }),
    z.strictObject({ type: z.literal("choice"), data: z.string().max(256) }),
    z.strictObject({
      type: z.literal("command"),
      name: z.string().max(64),
      args: z.string().max(4096).default(""),
    }),
    /** Stickers, photos, voice, locations and the like: acknowledged, never stored. */
    z.strictObject({ type: z.literal("unsupported") }),
    /** The person blocked (false) or unblocked (true) the bot; nothing is sent back. */
    z.strictObject({ type: z.literal("reachability"), reachable: z.boolean() }),
  ]),
});

export type InboundEvent = z.input<typeof inboundEventSchema>;
export type ParsedEvent = z.output<typeof inboundEventSchema>;

/**
 * Splits "/name args" (also "/name@botname args") into a command payload; other text stays text.
 * Shared by adapters so every platform treats typed commands alike.
 */
export function textToPayload(text: string): ParsedEvent["payload"] {
  const match = /^\/([A-Za-z_]{1,32})(?:@[A-Za-z0-9_]+)?(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!match) return { type: "text", text };
  return { type: "command", name: (match[1] as string).toLowerCase(), args: (match[2] ?? "").trim().slice(0, 4096) };
}
