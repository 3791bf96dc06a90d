/**
 * The grammY bot as a factory that starts nothing: it turns every update into an engine event,
 * answers every callback query (Telegram shows a spinner until it is answered), and leaves all rules
 * to the engine. Start-up and shutdown live in `start.ts`.
 */
import { autoRetry } from "@grammyjs/auto-retry";
import { sequentialize } from "@grammyjs/runner";
import { Bot } from "grammy";
import type { InboundEvent } from "../../src/engine/events.js";
import type { Logger } from "../../src/logger.js";
import { toInboundEvent } from "./translate.js";

export interface TelegramBotOptions {
  token: string;
  /** A self-hosted Bot API server or a test fake; default the public Bot API. */
  apiRoot?: string;
  /** Hands an event to the engine; synchronous, so the event is committed before anything else. */
  onEvent: (event: InboundEvent) => void;
  /** Called after each update (e.g. to flush the outbox); not awaited by the update's handling. */
  afterEvent?: () => void;
  logger: Logger;
}

/**
 * Short waits (a brief 429, a 5xx blip) are retried inside the request; anything longer comes back to
 * the dispatcher, which reschedules the outbox row instead of holding a promise for minutes.
 */
const retry = autoRetry({ maxDelaySeconds: 3, maxRetryAttempts: 2, rethrowHttpErrors: true });

export function createTelegramBot(options: TelegramBotOptions): Bot {
  const bot = new Bot(options.token, {
    client: {
      ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}),
      // Longer than a long poll (30 s), far shorter than grammY's default, so a dead server is noticed.
      timeoutSeconds: 60,
    },
  });
  bot.api.config.use(retry);
  // One update at a time per chat, so a client's answers are handled in the order they were given.
  bot.use(sequentialize((ctx) => ctx.chat?.id.toString()));
  bot.use(async (ctx) => {
    const event = toInboundEvent(ctx.update);
    if (event) options.onEvent(event);
    if (ctx.callbackQuery) {
      await ctx.answerCallbackQuery().catch((error: unknown) => {
        options.logger.warn({ err: { name: (error as Error).name } }, "could not answer a callback query");
      });
    }
    options.afterEvent?.();
  });
  bot.catch((error) => {
    options.logger.error(
      {
        err: { name: error.error instanceof Error ? error.error.name : "unknown" },
        updateId: error.ctx.update.update_id,
      },
      "telegram update failed",
    );
  });
  return bot;
}
