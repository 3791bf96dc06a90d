/**
 * Builds Interlude's parts without starting anything: database, prompts, engine, dispatcher, scheduler,
 * safety watch, weekly summaries, retention. `main.ts` starts and stops them; tests build the same parts around fakes.
 */

import type { ConsoleDemoPort } from "../adapters/console/console-demo.js";
import { withPracticeCheckins } from "./admin/config-file.js";
import { InviteQrCodes } from "./admin/invite-qr.js";
import type { Clock } from "./clock.js";
import type { Config } from "./config.js";
import { type DatabaseHandle, openDatabase } from "./db/connection.js";
import { type Leadership, SoleLeadership } from "./db/leadership.js";
import type { ModeRepair } from "./db/private-files.js";
import { type DemoState, demoCheckinDue } from "./demo/demo-practice.js";
import { BotUsernames } from "./engine/bot-usernames.js";
import { ClinicianMenuSync } from "./engine/clinician-menus.js";
import { Engine } from "./engine/engine.js";
import type { AdapterPort } from "./engine/ports.js";
import { checkinStarter } from "./engine/start-checkin.js";
import { raiseUndeliverable } from "./engine/undeliverable.js";
import { WebAddress } from "./engine/web-address.js";
import { InboxRunner } from "./inbox/inbox-runner.js";
import { TelegramInbox } from "./inbox/telegram-inbox.js";
import { type ChartRenderer, pngRenderer } from "./insights/charts.js";
import { OnDemandCharts } from "./insights/on-demand-chart.js";
import { WeeklyDelivery } from "./insights/weekly-delivery.js";
import type { Logger } from "./logger.js";
import { Dispatcher } from "./outbox/dispatcher.js";
import { RetentionJob } from "./privacy/retention-job.js";
import { reportCrisisOutcome } from "./safety/crisis-delivery.js";
import { spoolFor } from "./safety/database-spool.js";
import { loadPrompts, type SafetyPrompts } from "./safety/safety-prompts.js";
import type { RiskSpool } from "./safety/spool.js";
import { SafetyWatch } from "./safety/watch.js";
import { Scheduler } from "./schedule/scheduler.js";

export interface App {
  config: Config;
  clock: Clock;
  logger: Logger;
  database: DatabaseHandle;
  prompts: SafetyPrompts;
  engine: Engine;
  dispatcher: Dispatcher;
  scheduler: Scheduler;
  safety: SafetyWatch;
  spool: RiskSpool;
  summaries: WeeklyDelivery;
  charts: OnDemandCharts;
  qrCodes: InviteQrCodes;
  botUsernames: BotUsernames;
  retention: RetentionJob;
  menus: ClinicianMenuSync;
  /** Set once the web view listens (src/web/start-web.ts). */
  webAddress: WebAddress;
  /**
   * Which work this worker does alone (the minute tick's database work, the Discord gateway, sending
   * the queue): one process on SQLite holds it all.
   */
  leadership: Leadership;
}

/**
 * A failed drain leaves its rows queued for the next one (nothing is lost), but it must not fail
 * silently: a locked, full or read-only database would otherwise stop all sending unnoticed.
 */
export function logDrainFailure(logger: Logger): (error: unknown) => void {
  return (error) =>
    logger.error({ err: { name: (error as Error).name, message: (error as Error).message } }, "outbox drain failed");
}

/** A file others could read was tightened at start-up: say which and from what mode, never its contents. */
export function logModeRepair(logger: Logger): (repair: ModeRepair) => void {
  return (repair) =>
    logger.warn(
      { file: repair.path, from: repair.from, to: repair.to },
      "file was open to other users; mode tightened",
    );
}

export function createApp(
  config: Config,
  clock: Clock,
  logger: Logger,
  promptsDir?: string,
  renderer: ChartRenderer = pngRenderer,
): App {
  // SafetyPrompts first: a bad prompt file should stop start-up before the database is touched.
  const prompts = withPracticeCheckins(loadPrompts(promptsDir), config.INTERLUDE_CONFIG);
  const database = openDatabase(config.INTERLUDE_DB, { onModeRepaired: logModeRepair(logger) });
  const spool = spoolFor(config.INTERLUDE_DB);
  const leadership: Leadership = new SoleLeadership();
  const dispatcher = new Dispatcher(database.db, clock, logger, {
    // The queue goes out from one worker at a time, so the platforms' global limits hold for all.
    dispatching: () => leadership.holds("dispatch"),
    onUndeliverable: (tx, identityId, now) => raiseUndeliverable(tx, prompts, identityId, now),
    onCrisisOutcome: (tx, row, outcome, now) => reportCrisisOutcome(tx, prompts, row, outcome, now),
  });
  const onQueued = () => void dispatcher.drain().catch(logDrainFailure(logger));
  const charts = new OnDemandCharts({ db: database.db, clock, prompts, logger, renderer, onQueued });
  const qrCodes = new InviteQrCodes({ db: database.db, clock, logger, onQueued });
  const botUsernames = new BotUsernames();
  const webAddress = new WebAddress();
  // The adapter replaces it with the name Telegram reports at start-up.
  if (config.TELEGRAM_BOT_USERNAME) botUsernames.set("telegram", config.TELEGRAM_BOT_USERNAME);
  const engine = new Engine({
    db: database.db,
    clock,
    prompts,
    logger,
    urgent: dispatcher,
    spool,
    charts,
    qrCodes,
    botUsernames,
    webAddress,
  });
  const scheduler = new Scheduler({ db: database.db, clock, prompts, start: checkinStarter(prompts), logger });
  const safety = new SafetyWatch({ db: database.db, clock, prompts, logger, spool });
  const summaries = new WeeklyDelivery({ db: database.db, clock, prompts, logger, renderer });
  const retention = new RetentionJob({ db: database.db, clock, logger, spool });
  const menus = new ClinicianMenuSync({ db: database.db, clock, messages: prompts.messages, logger });
  return {
    config,
    clock,
    logger,
    database,
    prompts,
    engine,
    dispatcher,
    scheduler,
    safety,
    spool,
    summaries,
    charts,
    qrCodes,
    botUsernames,
    retention,
    menus,
    webAddress,
    leadership,
  };
}

/** What the platform adapters get of the app (engine/ports.ts): its engine's door and the queue's sending. */
export function adapterPort(app: App): AdapterPort {
  return {
    handle: (event) => app.engine.handle(event),
    drain: async () => {
      await app.dispatcher.drain();
    },
    register: (sender, limits) => app.dispatcher.register(sender, limits),
    registerMenus: (channel) => app.menus.register(channel),
    registerBotUsername: (platform, username) => app.botUsernames.set(platform, username),
    openTelegramInbox: (handle) =>
      new InboxRunner({
        store: new TelegramInbox(app.database.db, app.logger),
        clock: app.clock,
        logger: app.logger,
        handle,
      }),
    role: (role, onChange) => app.leadership.watch(role, onChange),
    messages: app.prompts.messages,
    logger: app.logger,
  };
}

/** The console demo's port: the adapters' one, and a fresh check-in for the demo client when due. */
export function consoleDemoPort(app: App, demo: DemoState, platformUserId: string): ConsoleDemoPort {
  return {
    ...adapterPort(app),
    startDemoCheckin: async () => {
      if (!demoCheckinDue(app.database.db, demo, platformUserId)) return false;
      app.engine.startCheckin(demo.clientId);
      await app.dispatcher.drain();
      return true;
    },
  };
}
