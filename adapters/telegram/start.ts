/**
 * Starts Telegram for a running Interlude: registers the sender with the dispatcher, publishes the
 * command menu in every language (and the clinicians' own in their chats), and receives updates by
 * long polling (grammY runner) or, when a webhook URL is configured, on an HTTP endpoint that checks
 * Telegram's secret token and stores each update in the inbox before answering (src/inbox).
 */
import { type RunnerHandle, run } from "@grammyjs/runner";
import { type Bot, GrammyError, HttpError } from "grammy";
import type { Update } from "grammy/types";
import type { Config } from "../../src/config.js";
import { menuCommands, menuKeyOf } from "../../src/engine/events.js";
import type { AdapterPort } from "../../src/engine/ports.js";
import { locales, referenceLocale } from "../../src/i18n/locales.js";
import { createRedactor, type Redactor } from "../../src/redact.js";
import { StartupError } from "../../src/startup-error.js";
import { createTelegramBot } from "./bot.js";
import { TelegramMenuChannel } from "./clinician-menu.js";
import { logPollFailures } from "./poll-failures.js";
import { TelegramSender } from "./sender.js";
import { allowedUpdates } from "./translate.js";
import { startWebhookServer } from "./webhook-server.js";

/** What to tell the person starting Interlude when Telegram cannot be reached; never the token. */
function describeInitFailure(error: unknown, apiRoot: string, redact: Redactor): string {
  if (error instanceof GrammyError && error.error_code === 401) {
    return "telegram: the Bot API rejected TELEGRAM_BOT_TOKEN (401 Unauthorized); check the token from @BotFather";
  }
  if (error instanceof GrammyError) return `telegram: getMe failed: ${error.error_code} ${error.description}`;
  const reason = redact(error instanceof HttpError ? error.message : String(error));
  return `telegram: cannot reach the Bot API at ${apiRoot}: ${reason}`;
}

/**
 * The clients' command menu (from the engine's command table) in each language; the English one is
 * also the default for everyone else. Clinicians get their own per chat (clinician-menu.ts).
 */
async function publishCommands(bot: Bot, port: AdapterPort): Promise<void> {
  for (const locale of locales) {
    const commands = menuCommands("telegram", "client").map((command) => ({
      command: command.name,
      description: port.messages.t(locale, menuKeyOf(command)),
    }));
    await bot.api.setMyCommands(commands, locale === referenceLocale ? {} : { language_code: locale });
  }
}

export interface TelegramHandle {
  bot: Bot;
  stop(): Promise<void>;
}

export async function startTelegram(port: AdapterPort, config: Config): Promise<TelegramHandle> {
  const { logger } = port;
  const token = config.TELEGRAM_BOT_TOKEN as string;
  const redact = createRedactor([token]);
  const bot = createTelegramBot({
    token,
    ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}),
    onEvent: (event) => {
      port.handle(event);
    },
    afterEvent: () => void port.drain().catch(() => undefined),
    logger,
  });
  // One getMe of our own instead of bot.init(), which retries a network failure forever: an
  // unreachable server or a wrong token should stop start-up with a clear message.
  bot.botInfo = await bot.api.getMe().catch((error: unknown) => {
    throw new StartupError(describeInitFailure(error, config.TELEGRAM_API_ROOT ?? "https://api.telegram.org", redact));
  });
  port.register(new TelegramSender(bot.api));
  // Invites written in chat carry a one-tap link to this bot.
  port.registerBotUsername("telegram", bot.botInfo.username);
  await publishCommands(bot, port).catch((error: unknown) => {
    // A missing menu is an inconvenience, not a reason to stop serving clients.
    logger.warn(
      { err: { name: (error as Error).name, message: (error as Error).message } },
      "could not set the command menu",
    );
  });
  // The engine decides which clinician chats get their menu, at start-up and every minute.
  port.registerMenus(new TelegramMenuChannel(bot.api));

  if (config.TELEGRAM_WEBHOOK_URL && config.TELEGRAM_WEBHOOK_SECRET) {
    // grammY's own entry for one update; it rejects if the middleware failed, so the inbox retries it.
    const inbox = port.openTelegramInbox((update) => bot.handleUpdate(update as Update));
    const server = await startWebhookServer(bot, inbox, {
      host: config.TELEGRAM_WEBHOOK_HOST,
      port: config.TELEGRAM_WEBHOOK_PORT,
      secret: config.TELEGRAM_WEBHOOK_SECRET,
      logger,
    });
    await bot.api.setWebhook(config.TELEGRAM_WEBHOOK_URL, {
      secret_token: config.TELEGRAM_WEBHOOK_SECRET,
      allowed_updates: [...allowedUpdates],
    });
    logger.info(
      { host: config.TELEGRAM_WEBHOOK_HOST, port: config.TELEGRAM_WEBHOOK_PORT },
      "telegram webhook listening",
    );
    // Handles what this or another worker accepted but did not finish (a crash, a retry now due).
    inbox.start();
    return {
      bot,
      stop: async () => {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await inbox.stop();
      },
    };
  }

  await bot.api.deleteWebhook();
  logPollFailures(bot, logger, redact);
  // `silent: true` stops the runner printing failed polls (URL and token) to stderr; its type docs say
  // `false`, but its code skips the printing only when the option is true.
  const runner: RunnerHandle = run(bot, {
    runner: { fetch: { allowed_updates: [...allowedUpdates] }, silent: true },
  });
  logger.info({ bot: bot.botInfo.username }, "telegram long polling started");
  return {
    bot,
    stop: async () => {
      if (runner.isRunning()) await runner.stop();
    },
  };
}
