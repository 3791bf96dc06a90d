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

/** Where words that are screened but not read as an answer came from. */
export const asideSources = ["edited", "forwarded", "caption"] as const;
export type AsideSource = (typeof asideSources)[number];
/** Longer than any platform's message or caption; adapters cut to it so an event is never rejected. */
export const asideMaxLength = 8192;

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
    /**
     * Words a person wrote that are screened for risk but never taken as an answer: an edited message
     * (an answer must not change after the fact), a forwarded one (someone else's words, or old ones),
     * or the caption of a picture or file.
     */
    z.strictObject({
      type: z.literal("aside"),
      text: z.string().min(1).max(asideMaxLength),
      source: z.enum(asideSources),
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

/**
 * Words that are screened for risk but never read as an answer (see the `aside` payload), cut to the
 * schema's bound; undefined when there are no words, so the adapter can fall back on `unsupported`.
 */
export function asidePayload(text: string | undefined, source: AsideSource): ParsedEvent["payload"] | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  return { type: "aside", text: text.slice(0, asideMaxLength), source };
}
