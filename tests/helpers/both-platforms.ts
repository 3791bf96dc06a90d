/**
 * One Interlude on a file database with Telegram and Discord both started against the local fakes,
 * for end-to-end tests that need both platforms at once. Every cleanup is registered with the caller.
 * The clock is the system's unless a test brings its own (a FakeClock to move through a release).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startDiscord } from "../../adapters/discord/start.js";
import { startTelegram } from "../../adapters/telegram/start.js";
import { type App, adapterPort, createApp } from "../../src/app.js";
import { type Clock, systemClock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import { silentLogger } from "../../src/logger.js";
import { FakeDiscord } from "../fakes/discord/fake-discord.js";
import { FakeBotApi } from "../fakes/telegram/fake-bot-api.js";

export async function startBothPlatforms(
  cleanups: Array<() => Promise<void>>,
  clock: Clock = systemClock,
): Promise<{ app: App; telegramFake: FakeBotApi; discordFake: FakeDiscord }> {
  const telegramFake = await FakeBotApi.start();
  const discordFake = await FakeDiscord.start();
  cleanups.push(
    () => telegramFake.close(),
    () => discordFake.close(),
  );
  const app = createApp(
    loadConfig({
      INTERLUDE_DB: join(mkdtempSync(join(tmpdir(), "interlude-both-")), "interlude.db"),
      TELEGRAM_BOT_TOKEN: telegramFake.token,
      TELEGRAM_API_ROOT: telegramFake.apiRoot,
      DISCORD_BOT_TOKEN: discordFake.token,
      DISCORD_APPLICATION_ID: discordFake.applicationId,
      DISCORD_API_ROOT: discordFake.restRoot,
    }),
    clock,
    silentLogger,
  );
  const telegram = await startTelegram(adapterPort(app), app.config);
  const discord = await startDiscord(adapterPort(app), app.config);
  cleanups.push(async () => {
    await telegram.stop();
    await discord.stop();
    app.database.close();
  });
  return { app, telegramFake, discordFake };
}
