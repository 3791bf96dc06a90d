/**
 * Interlude's composition root: parse the environment, open the database (migrating it), load the
 * prompts, start every configured adapter, and shut down cleanly on SIGINT/SIGTERM.
 * With no platform token it starts the console demo.
 */
import { parseArgs } from "node:util";
import cron from "node-cron";
import { consoleTherapist, consoleUser } from "../adapters/console/console-adapter.js";
import { startConsoleDemo } from "../adapters/console/console-demo.js";
import { type App, adapterPort, consoleDemoPort, createApp, logDrainFailure } from "./app.js";
import { systemClock } from "./clock.js";
import { ConfigError, loadConfig } from "./config.js";
import { ensureDemo } from "./demo/demo-practice.js";
import { exitOnUncaughtErrors } from "./fatal-errors.js";
import { chartFontWarning } from "./insights/chart/font-warning.js";
import { createLogger } from "./logger.js";
import { printStartupWarnings } from "./print-warnings.js";
import { FileProblemsError } from "./prompts/errors.js";
import { ratingsTick } from "./ratings/ratings-job.js";
import { createRedactor, describeError, secretsIn } from "./redact.js";
import { safetyWarnings } from "./safety/startup-warnings.js";
import { sessionsTick } from "./sessions/sessions-job.js";
import { StartupError } from "./startup-error.js";
import { topicsTick } from "./topics/topics-job.js";

type Stopper = () => void | Promise<void>;

/** How often the outbox is checked for rows written by other processes (the CLI) or due retries. */
const outboxPollMs = 1_000;

/** Everything this process prints (logs, start-up failures, uncaught errors) goes through this. */
const redact = createRedactor(secretsIn(process.env));
exitOnUncaughtErrors(redact);

async function main(): Promise<void> {
  // `npm start -- --config practice.yaml` is the same as INTERLUDE_CONFIG=practice.yaml.
  const { values } = parseArgs({ options: { config: { type: "string" } }, strict: false });
  const config = loadConfig(
    typeof values.config === "string" ? { ...process.env, INTERLUDE_CONFIG: values.config } : process.env,
  );
  const consoleMode = !config.TELEGRAM_BOT_TOKEN && !config.DISCORD_BOT_TOKEN;
  // In the console chat, routine logs would interleave with the conversation.
  const logger = createLogger(config.LOG_LEVEL ?? (consoleMode ? "warn" : "info"), { redact });
  const app = createApp(config, systemClock, logger);
  logger.info({ db: config.INTERLUDE_DB }, "database ready");
  // The demo practice exists before the warnings, so a first run warns about its example resources too.
  const demo = consoleMode
    ? ensureDemo(app.database.db, app.clock.now(), consoleTherapist, { history: true })
    : undefined;
  const fontWarning = await chartFontWarning(app.database.db);
  // Once each, on stderr; the console demo's terminal gets no log line about them on top.
  printStartupWarnings(
    [...safetyWarnings(app), ...(fontWarning ? [fontWarning] : [])],
    (text) => process.stderr.write(text),
    consoleMode ? undefined : logger,
  );

  const stoppers: Stopper[] = [];
  // Pushed first, so it runs last: the roles are given up once nothing uses them any more.
  stoppers.push(() => app.leadership.stop());
  let stopping = false;
  const shutdown = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, "shutting down");
    // Stop receiving first (in reverse start order), then send what is queued, then close.
    for (const stop of [...stoppers].reverse()) await Promise.resolve(stop()).catch(() => undefined);
    // Let a summary or chart being drawn reach the outbox (a stop mid-way is safe too: nothing is recorded).
    await Promise.all([app.summaries.idle(), app.charts.idle(), app.qrCodes.idle()]);
    // Finish the message in flight; the rest waits safely in the outbox for the next start.
    await app.dispatcher.stop();
    app.database.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  if (config.TELEGRAM_BOT_TOKEN) {
    // Each platform's client library is loaded only when it is used (discord.js alone costs ~30 MB).
    const { startTelegram } = await import("../adapters/telegram/start.js");
    const telegram = await startTelegram(adapterPort(app), app.config);
    stoppers.push(() => telegram.stop());
  }
  if (config.DISCORD_BOT_TOKEN) {
    const { startDiscord } = await import("../adapters/discord/start.js");
    const discord = await startDiscord(adapterPort(app), app.config);
    stoppers.push(() => discord.stop());
  }
  // The clinicians' web view: loaded only when it is on (Fastify and its plugins cost start-up time).
  if (config.INTERLUDE_WEB_PORT !== undefined || consoleMode) {
    const { startConfiguredWeb } = await import("./web/start-web.js");
    const onQueued = () => void app.dispatcher.drain().catch(logDrainFailure(app.logger));
    const web = await startConfiguredWeb(
      { db: app.database.db, clock: app.clock, prompts: app.prompts, logger, onQueued, botUsernames: app.botUsernames },
      config,
      consoleMode,
    );
    if (web) {
      app.webAddress.set(web.url);
      stoppers.push(() => web.stop());
      logger.info({ url: web.url }, "web view listening");
      if (demo) {
        const { demoLoginLine } = await import("./demo/demo-web-login.js");
        process.stdout.write(demoLoginLine(app.database.db, app.prompts, demo, web.url, app.clock.now()));
      }
    }
  }
  if (demo) {
    const onClose = () => void shutdown("console input ended");
    const adapter = await startConsoleDemo(consoleDemoPort(app, demo, consoleUser.platformUserId), demo, {
      input: process.stdin,
      output: process.stdout,
      onClose,
    });
    stoppers.push(() => adapter.stop());
  }

  startTicking(app, stoppers);
  const poll = setInterval(() => void app.dispatcher.drain().catch(logDrainFailure(app.logger)), outboxPollMs);
  stoppers.push(() => clearInterval(poll));
}

/**
 * node-cron only wakes the scheduler once a minute; the schedule itself is data. One tick runs at
 * start-up too, so slots missed while Interlude was down are caught up (or recorded as missed) at once.
 */
function startTicking(app: App, stoppers: Stopper[]): void {
  // Each part fails on its own: a broken one is logged and the rest of the tick still runs.
  const guarded = (what: string, part: () => unknown) => {
    try {
      part();
    } catch (error) {
      app.logger.error({ err: { name: (error as Error).name, message: (error as Error).message } }, `${what} failed`);
    }
  };
  const tick = () => {
    // Sessions first: weekly appointments expanded ahead, ended ones taken as held.
    guarded("sessions tick", () => sessionsTick(app.database.db, app.clock.now()));
    // Then a session taken as held just now may be due for its therapist's rating.
    guarded("ratings tick", () => ratingsTick(app.database.db, app.prompts, app.clock.now()));
    guarded("topics tick", () => topicsTick(app.database.db, app.prompts, app.clock.now()));
    guarded("tick", () => app.scheduler.tick());
    // Separately: a failing schedule must never hold up an escalation. It catches its own errors.
    app.safety.tick();
    void app.dispatcher.drain().catch(logDrainFailure(app.logger));
    // Summaries draw charts asynchronously; they must not delay the safety work above.
    void app.summaries
      .tick()
      .then((report) => (report.queued > 0 ? app.dispatcher.drain() : undefined))
      .catch(() => undefined);
    // The clinicians' chat menus follow who is linked and active; it logs its own failures.
    void app.menus.tick();
    // Last, and at most once a day; it catches its own errors, so a failing purge never stops a tick.
    app.retention.tick();
  };
  tick();
  const task = cron.schedule("* * * * *", tick, { noOverlap: true, name: "interlude-tick" });
  stoppers.push(() => void task.stop());
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof FileProblemsError || error instanceof StartupError) {
    process.stderr.write(`Interlude cannot start:\n${redact(error.message)}\n`);
  } else {
    process.stderr.write(`Interlude stopped on an unexpected error: ${describeError(error, redact)}\n`);
  }
  process.exit(1);
});
