/**
 * Builds Interlude's parts without starting anything: database, prompts, engine, dispatcher, scheduler. `main.ts`
 * starts and stops them; tests build the same parts around fakes.
 */
import type { Clock } from "./clock.js";
import type { Config } from "./config.js";
import { type DatabaseHandle, openDatabase } from "./db/connection.js";
import { Engine } from "./engine/engine.js";
import { raiseUndeliverable } from "./engine/undeliverable.js";
import type { Logger } from "./logger.js";
import { Dispatcher } from "./outbox/dispatcher.js";
import { loadPrompts, type Prompts } from "./prompts/load.js";
import { Scheduler } from "./schedule/scheduler.js";

export interface App {
  config: Config;
  clock: Clock;
  logger: Logger;
  database: DatabaseHandle;
  prompts: Prompts;
  engine: Engine;
  dispatcher: Dispatcher;
  scheduler: Scheduler;
}

export function createApp(config: Config, clock: Clock, logger: Logger, promptsDir?: string): App {
  // Prompts first: a bad prompt file should stop start-up before the database is touched.
  const prompts = loadPrompts(promptsDir);
  const database = openDatabase(config.INTERLUDE_DB);
  const engine = new Engine({ db: database.db, clock, prompts, logger });
  const dispatcher = new Dispatcher(database.db, clock, logger, {
    onUndeliverable: (tx, identityId, now) => raiseUndeliverable(tx, prompts, identityId, now),
  });
  const scheduler = new Scheduler({ db: database.db, clock, prompts, logger });
  return { config, clock, logger, database, prompts, engine, dispatcher, scheduler };
}
