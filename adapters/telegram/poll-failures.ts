/**
 * Failed long polls, logged our way. The grammY runner would print each failed `getUpdates` itself
 * (its `silent` option turns that off) with the request URL, bot token included; instead each failure
 * is logged once through pino with its kind and a cleaned reason (the logger redacts every line again).
 */
import { type Bot, HttpError } from "grammy";
import type { Logger } from "../../src/logger.js";
import type { Redactor } from "../../src/redact.js";

/** What went wrong, without the token: the error's kind, and the network reason with the URL cleaned. */
function describeNetworkFailure(error: unknown, redact: Redactor): { name: string; reason: string } {
  if (error instanceof HttpError) {
    const cause = error.error instanceof Error ? error.error.message : String(error.error);
    return { name: error.name, reason: redact(cause) };
  }
  return error instanceof Error
    ? { name: error.name, reason: redact(error.message) }
    : { name: "unknown", reason: redact(String(error)) };
}

/** Logs every failed `getUpdates` (the runner retries on its own); other calls report their own failures. */
export function logPollFailures(bot: Bot, logger: Logger, redact: Redactor): void {
  bot.api.config.use(async (prev, method, payload, signal) => {
    if (method !== "getUpdates") return prev(method, payload, signal);
    try {
      const response = await prev(method, payload, signal);
      if (!response.ok) {
        // Telegram answered, but refused (e.g. 409: another instance is polling with this token).
        logger.warn(
          { code: response.error_code, reason: redact(response.description) },
          "telegram: getUpdates refused",
        );
      }
      return response;
    } catch (error) {
      // Stopping the runner aborts the poll in flight; that is not a failure.
      if (!signal?.aborted) {
        logger.warn({ err: describeNetworkFailure(error, redact) }, "telegram: fetching updates failed");
      }
      throw error;
    }
  });
}
