/**
 * Discord's REST side, which every worker has whether or not it holds the gateway: the options every
 * REST client of ours shares (the gateway client's own included), a standalone client for sending and
 * for the slash commands, and the start-up check of the token.
 */
import { DiscordAPIError, REST, RESTEvents, type RESTOptions, Routes } from "discord.js";
import type { Logger } from "../../src/logger.js";
import { createRedactor } from "../../src/redact.js";
import { StartupError } from "../../src/startup-error.js";

/** Rate limits longer than this come back to the outbox as a retry-after instead of a sleeping request. */
const longestInlineRateLimitMs = 3_000;

/** `apiRoot`: a test fake's REST root; default Discord's API. The gateway URL comes from REST, so it moves too. */
export function discordRestOptions(apiRoot?: string): Partial<RESTOptions> {
  return {
    ...(apiRoot ? { api: apiRoot } : {}),
    rejectOnRateLimit: (limit) => limit.retryAfter > longestInlineRateLimitMs,
  };
}

/**
 * Short rate limits are waited out inside discord.js's REST queue; they are still counted here, and
 * long ones come back to the outbox as a retry-after (sender.ts).
 */
export function logRateLimits(rest: REST, logger: Logger): void {
  rest.on(RESTEvents.RateLimited, (limit) => {
    logger.warn({ route: limit.route, retryAfterMs: limit.retryAfter, global: limit.global }, "discord rate limit");
  });
}

/** A REST client of its own, so sending never depends on this worker holding the gateway. */
export function createDiscordRest(token: string, logger: Logger, apiRoot?: string): REST {
  const rest = new REST(discordRestOptions(apiRoot)).setToken(token);
  logRateLimits(rest, logger);
  return rest;
}

/**
 * One `GET /gateway/bot`: a wrong token or an unreachable Discord stops start-up on every worker with
 * a message the person starting it can act on, before anything else is done. The token is never part
 * of the message.
 */
export async function checkDiscordToken(rest: REST, token: string, apiRoot?: string): Promise<void> {
  try {
    await rest.get(Routes.gatewayBot());
  } catch (error) {
    if (error instanceof DiscordAPIError && error.status === 401) {
      throw new StartupError(
        "discord: Discord rejected DISCORD_BOT_TOKEN (401 Unauthorized); check the bot token in the Developer Portal",
      );
    }
    const reason = createRedactor([token])(error instanceof Error ? error.message : String(error));
    throw new StartupError(`discord: cannot reach Discord's API at ${apiRoot ?? "https://discord.com/api"}: ${reason}`);
  }
}
