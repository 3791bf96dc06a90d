/**
 * The engine's ports: what it is given (the database, the clock, the prompts and logger, and the
 * channels that send past the queue), and what the platform adapters are given in turn. Kept apart
 * from engine.ts so the modules that only need a shape (the database-failure path, the adapters) do
 * not depend on the engine itself.
 */
import type { Clock } from "../clock.js";
import type { Db } from "../db/connection.js";
import type { Role } from "../db/leadership.js";
import type { Platform } from "../db/schema.js";
import type { InboxRunner } from "../inbox/inbox-runner.js";
import type { Logger } from "../logger.js";
import type { ChartChannel, QrCodeChannel, UrgentChannel } from "../outbox/channels.js";
import type { RateLimits } from "../outbox/rate-limiter.js";
import type { PlatformSender } from "../outbox/sender.js";
import type { Messages } from "../prompts/messages.js";
import type { SafetyPrompts } from "../safety/safety-prompts.js";
import type { RiskSpool } from "../safety/spool.js";
import type { BotUsernames } from "./bot-usernames.js";
import type { MenuChannel } from "./clinician-menus.js";
import type { HandleOutcome } from "./engine.js";
import type { WebAddress } from "./web-address.js";

export interface EngineDeps {
  db: Db;
  clock: Clock;
  prompts: SafetyPrompts;
  logger: Logger;
  /** Without it (tests of the engine alone), crisis replies queue first in line instead. */
  urgent?: UrgentChannel;
  /** Where a disclosure is kept when the database fails; without it, only the log says so. */
  spool?: RiskSpool;
  /** Without it, a clinician's `/summary ALIAS` gets the text only. */
  charts?: ChartChannel;
  /** Without it, an invite asked for in chat comes without its QR code. */
  qrCodes?: QrCodeChannel;
  /** Without a name for the platform, an invite asked for in chat carries `/link CODE` instead of a link. */
  botUsernames?: BotUsernames;
  /** Without it (or while it is unset), `/web` says the web view is off. */
  webAddress?: WebAddress;
}

/**
 * What a platform adapter is given: the engine's door, the queue's sending, Telegram's webhook inbox,
 * the roles it may hold, the texts its menus are written in, and the log. Nothing else of the running
 * service (no database, no scheduler), so an adapter can only turn platform updates into events and
 * send what it is handed.
 */
export interface AdapterPort {
  /** Hands one inbound event to the engine, which handles it in one transaction. */
  handle(event: unknown): HandleOutcome;
  /** Sends what is queued now (called after an event, so replies go out at once). */
  drain(): Promise<void>;
  /** Adds the platform's sender to the dispatcher. */
  register(sender: PlatformSender, limits?: RateLimits): void;
  /** Adds the platform's per-chat menus to the clinician-menu sync (Telegram). */
  registerMenus(channel: MenuChannel): void;
  /** Tells the engine the bot's public username, for the one-tap invite links it writes (Telegram). */
  registerBotUsername(platform: Platform, username: string): void;
  /**
   * The durable inbox for Telegram's webhook (src/inbox): updates stored before Telegram is answered,
   * then given to `handle` chat by chat, in order, by whichever worker claims them.
   */
  openTelegramInbox(handle: (update: unknown) => Promise<void>): InboxRunner;
  /**
   * Tells `onChange` when this worker takes (`true`) or loses (`false`) work only one worker may do
   * at a time (Discord's gateway connection).
   */
  role(role: Role, onChange: (held: boolean) => void): void;
  messages: Messages;
  logger: Logger;
}
