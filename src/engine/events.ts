/**
 * The engine's input: one platform-neutral event per thing a person did. Adapters build these from
 * platform updates; the engine parses them here, once, and trusts nothing it did not parse.
 */
import { z } from "zod";
import { type Platform, platforms } from "../db/schema.js";
import type { MessageKey } from "../prompts/message-keys.js";

/** Who a command is for: clients, linked clinicians, or anyone. */
export type CommandAudience = "client" | "clinician" | "everyone";

/** A command's one argument, as platforms with typed options (Discord) offer it. */
export interface CommandArgument {
  name: string;
  /** Its description in the menus, by message key (every language has one). */
  description: MessageKey;
  required: boolean;
  maxLength: number;
}

export interface CommandSpec {
  name: string;
  audience: CommandAudience;
  /**
   * The platforms whose command menus list it. Telegram's menus are per audience (a bot-wide one
   * for clients, one per clinician chat); Discord has one list of slash commands for everyone, which
   * also needs /link (on Telegram an invite arrives as /start CODE from the deep link instead).
   */
  menus: readonly Platform[];
  argument?: CommandArgument;
  /**
   * Its description in the menus, when it is not `menu.<name>`. A name can be a client command and a
   * clinician command at once (/pause, and /pause ALIAS): each audience's menu describes its own.
   */
  description?: MessageKey;
}

/**
 * Every command the engine understands: the one table each adapter builds its menus from, so a
 * command is never handled on one platform and missing from another's menu. Order is menu order.
 * Anything else arrives as an unknown command name. A client who sends a clinician command gets
 * "unknown command".
 */
export const commands = [
  { name: "start", audience: "client", menus: [] },
  {
    name: "link",
    audience: "client",
    menus: ["discord"],
    argument: { name: "code", description: "menu.argument_code", required: true, maxLength: 64 },
  },
  {
    name: "summary",
    audience: "clinician",
    menus: ["telegram", "discord"],
    argument: { name: "alias", description: "menu.argument_alias", required: false, maxLength: 40 },
  },
  { name: "alerts", audience: "clinician", menus: ["telegram", "discord"] },
  {
    name: "ack",
    audience: "clinician",
    menus: ["telegram", "discord"],
    argument: { name: "alert", description: "menu.argument_alert", required: true, maxLength: 12 },
  },
  {
    name: "session",
    audience: "clinician",
    menus: ["telegram", "discord"],
    argument: { name: "plan", description: "menu.argument_session", required: true, maxLength: 120 },
  },
  {
    name: "sessions",
    audience: "clinician",
    menus: ["telegram", "discord"],
    argument: { name: "alias", description: "menu.argument_client", required: true, maxLength: 40 },
  },
  // A login link for the clinicians' web view (src/web/), sent to this chat.
  { name: "web", audience: "clinician", menus: ["telegram", "discord"] },
  { name: "help", audience: "everyone", menus: ["telegram", "discord"] },
  { name: "pause", audience: "client", menus: ["telegram", "discord"] },
  { name: "resume", audience: "client", menus: ["telegram", "discord"] },
  { name: "stop", audience: "client", menus: ["telegram", "discord"] },
  {
    name: "later",
    audience: "client",
    menus: ["telegram", "discord"],
    argument: { name: "topic", description: "menu.argument_topic", required: false, maxLength: 1000 },
  },
  { name: "privacy", audience: "client", menus: ["telegram", "discord"] },
  { name: "language", audience: "client", menus: ["telegram", "discord"] },
  // The therapist's workspace (workspace.ts): their own clients only. /pause, /resume and /language
  // are also the client's commands; for a linked clinician the same name takes a client's alias.
  {
    name: "invite",
    audience: "clinician",
    menus: ["telegram", "discord"],
    description: "workspace.menu_invite",
    argument: { name: "client", description: "workspace.argument_invite", required: true, maxLength: 50 },
  },
  {
    name: "reinvite",
    audience: "clinician",
    menus: ["telegram", "discord"],
    description: "workspace.menu_reinvite",
    argument: { name: "alias", description: "menu.argument_client", required: true, maxLength: 40 },
  },
  { name: "clients", audience: "clinician", menus: ["telegram", "discord"], description: "workspace.menu_clients" },
  {
    name: "pause",
    audience: "clinician",
    menus: ["telegram", "discord"],
    description: "workspace.menu_pause",
    argument: { name: "alias", description: "workspace.argument_clinician_alias", required: true, maxLength: 40 },
  },
  {
    name: "resume",
    audience: "clinician",
    menus: ["telegram", "discord"],
    description: "workspace.menu_resume",
    argument: { name: "alias", description: "workspace.argument_clinician_alias", required: true, maxLength: 40 },
  },
  {
    name: "schedule",
    audience: "clinician",
    menus: ["telegram", "discord"],
    description: "workspace.menu_schedule",
    argument: { name: "plan", description: "workspace.argument_schedule", required: true, maxLength: 150 },
  },
  {
    name: "language",
    audience: "clinician",
    menus: ["telegram", "discord"],
    description: "workspace.menu_language",
    argument: { name: "client", description: "workspace.argument_language", required: true, maxLength: 50 },
  },
] as const satisfies readonly CommandSpec[];

export type CommandName = (typeof commands)[number]["name"];
/** Each command name once, though a name may be in the table for both audiences. */
export const commandNames: readonly CommandName[] = [...new Set(commands.map((command) => command.name))];

/** The commands a platform's menu for `audience` lists: theirs and everyone's, in table order. */
export function menuCommands(platform: Platform, audience: Exclude<CommandAudience, "everyone">): CommandSpec[] {
  return commands.filter(
    (command: CommandSpec) =>
      command.menus.includes(platform) && (command.audience === audience || command.audience === "everyone"),
  );
}

/** The menu key of a command's description ("menu.help", or the one the table names). */
export function menuKeyOf(command: Pick<CommandSpec, "name" | "description">): MessageKey {
  return command.description ?? (`menu.${command.name}` as MessageKey);
}

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
