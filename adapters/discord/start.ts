/**
 * Starts Discord for a running Interlude. Every worker checks the token over REST, registers the slash
 * commands and hands outbound messages to the dispatcher through the REST sender; only the worker
 * holding the "discord-gateway" role keeps a gateway connection and receives events (gateway.ts).
 */
import { Routes } from "discord.js";
import type { Config } from "../../src/config.js";
import type { AdapterPort } from "../../src/engine/ports.js";
import { StartupError } from "../../src/startup-error.js";
import { createDiscordClient } from "./bot.js";
import { slashCommands } from "./commands.js";
import { DiscordGateway } from "./gateway.js";
import { checkDiscordToken, createDiscordRest, logRateLimits } from "./rest.js";
import { DiscordSender } from "./sender.js";

export interface DiscordHandle {
  stop(): Promise<void>;
}

export interface DiscordStartOptions {
  /** How long after a failed gateway login the next one is tried (tests make it short). */
  gatewayRetryMs?: number;
}

export async function startDiscord(
  port: AdapterPort,
  config: Config,
  options: DiscordStartOptions = {},
): Promise<DiscordHandle> {
  const { logger } = port;
  const token = config.DISCORD_BOT_TOKEN as string;
  const applicationId = config.DISCORD_APPLICATION_ID;
  if (!applicationId) throw new StartupError("discord: DISCORD_APPLICATION_ID is required with DISCORD_BOT_TOKEN");
  const apiRoot = config.DISCORD_API_ROOT;

  const rest = createDiscordRest(token, logger, apiRoot);
  await checkDiscordToken(rest, token, apiRoot);
  port.register(new DiscordSender(rest));
  await rest
    .put(Routes.applicationCommands(applicationId), { body: slashCommands(port.messages) })
    .catch((error: unknown) => {
      logger.warn(
        { err: { name: (error as Error).name, message: (error as Error).message } },
        "could not register slash commands",
      );
    });

  const gateway = new DiscordGateway({
    token,
    createClient: (hooks) => {
      const client = createDiscordClient({
        ...(apiRoot ? { apiRoot } : {}),
        onEvent: hooks.onEvent,
        afterEvent: () => port.drain(),
        privateOnlyText: (locale) => port.messages.t(locale, "unlinked.private_only"),
        logger,
        onClosedForGood: hooks.onClosedForGood,
      });
      // Interaction acknowledgements go over the client's own REST; their rate limits are logged too.
      logRateLimits(client.rest, logger);
      return client;
    },
    onEvent: (event) => {
      port.handle(event);
    },
    logger,
    ...(options.gatewayRetryMs !== undefined ? { retryMs: options.gatewayRetryMs } : {}),
  });
  port.role("discord-gateway", (held) => gateway.onRoleChange(held));
  // A worker that holds the role now is receiving once start-up is done (a failed login is retried later).
  await gateway.settled();
  logger.info("discord ready");
  return { stop: () => gateway.stop() };
}
