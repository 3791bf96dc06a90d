/**
 * What the web view is given of the running Interlude: the same database, clock, prompts and logger
 * as the bots, and `onQueued` to wake the dispatcher when a page queues a chat message (a login link).
 */
import type { Clock } from "../clock.js";
import type { Db } from "../db/connection.js";
import type { BotUsernames } from "../engine/bot-usernames.js";
import type { Logger } from "../logger.js";
import type { Prompts } from "../prompts/load.js";

export interface WebContext {
  db: Db;
  clock: Clock;
  prompts: Prompts;
  logger: Logger;
  onQueued: () => void;
  /** Where browsers reach the web view (login links point here), without a trailing slash. */
  publicUrl: string;
  /** The bots' usernames, for one-tap Telegram invite links; without them an invite is `/link CODE`. */
  botUsernames?: BotUsernames | undefined;
}
