/**
 * Starts Discord for a running Interlude: logs the client in (REST and gateway), registers the slash
 * commands, and hands outbound messages to the dispatcher through the REST sender.
 */
import { RESTEvents, Routes } from "discord.js";
import type { Config } from "../../src/config.js";
import type { AdapterPort } from "../../src/engine/ports.js";
import { StartupError } from "../../src/startup-error.js";
import { createDiscordClient } from "./bot.js";
import { slashCommands } from "./commands.js";
import { DiscordSender } from "./sender.js";

export interface DiscordHandle {
  stop(): Promise<void>;
}

export async function startDiscord(port: AdapterPort, config: Config): Promise<DiscordHandle> {
  const { logger } = port;
  const token = config.DISCORD_BOT_TOKEN as string;
  const applicationId = config.DISCORD_APPLICATION_ID;
  if (!applicationId) throw new StartupError("discord: DISCORD_APPLICATION_ID is required with DISCORD_BOT_TOKEN");

  const client = createDiscordClient({
    ...(config.DISCORD_API_ROOT ? { apiRoot: config.DISCORD_API_ROOT } : {}),
    onEvent: (event) => {
      port.handle(event);
    },
    afterEvent: () => port.drain(),
    privateOnlyText: (locale) => port.messages.t(locale, "unlinked.private_only"),
    logger,
  });
  try {
    await client.login(token);
  } catch (error) {
    // The token is never part of the message.
    throw new StartupError(`discord: login failed: ${(error as Error).message.replaceAll(token, "<token>")}`);
  }
  port.register(new DiscordSender(client.rest));
  // Short rate limits are waited out inside discord.js's REST queue; they are still counted here, and
  // long ones come back to the outbox as a retry-after (see bot.ts).
  client.rest.on(RESTEvents.RateLimited, (limit) => {
    logger.warn({ route: limit.route, retryAfterMs: limit.retryAfter, global: limit.global }, "discord rate limit");
  });
  await client.rest
    .put(Routes.applicationCommands(applicationId), { body: slashCommands(port.messages) })
    .catch((error: unknown) => {
      logger.warn(
        { err: { name: (error as Error).name, message: (error as Error).message } },
        "could not register slash commands",
      );
    });
  logger.info("discord client ready");
  return {
    stop: async () => {
      await client.destroy();
    },
  };
}
