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
import { createInvite } from "../../src/db/repos/invites.js";
import { createClient, createPractice, createTherapist } from "../../src/db/repos/people.js";
import { silentLogger } from "../../src/logger.js";
import type { PracticeSettings } from "../../src/practice/settings.js";
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

/**
 * One practice (UTC, English) with one therapist, and one client enrolled on each platform: Oak-1 on
 * Telegram (user 1001 unless told), Elm-2 on Discord ("2001"); each has tapped I agree.
 */
export async function clientsOnBothPlatforms(
  started: { app: App; telegramFake: FakeBotApi; discordFake: FakeDiscord },
  options: { settings?: Partial<PracticeSettings>; telegramUser?: number; discordUser?: string } = {},
) {
  const { app, telegramFake, discordFake } = started;
  const now = new Date();
  const { db } = app.database;
  const practice = createPractice(
    db,
    { name: "P", timezone: "UTC", locale: "en", settings: options.settings ?? {} },
    now,
  );
  const therapist = createTherapist(db, { practiceId: practice.id, alias: "T" }, now);
  const newClient = (alias: string) =>
    createClient(
      db,
      { practiceId: practice.id, therapistId: therapist.id, alias, locale: "en", checkinId: "alliance-safety" },
      now,
    ).id;
  const onTelegram = newClient("Oak-1");
  const onDiscord = newClient("Elm-2");
  const tg = telegramFake.user(options.telegramUser ?? 1001);
  tg.send(`/start ${createInvite(db, { clientId: onTelegram }, now, 7).code}`);
  const dc = discordFake.user(options.discordUser ?? "2001");
  dc.sendDM(`/link ${createInvite(db, { clientId: onDiscord }, now, 7).code}`);
  await telegramFake.waitFor(() => tg.buttons().some((b) => b.text === "I agree"));
  tg.press(
    tg.lastMessage()?.message_id as number,
    tg.buttons().find((b) => b.text === "I agree")?.callback_data as string,
  );
  await discordFake.waitFor(() => dc.buttons().some((b) => b.label === "I agree"));
  dc.press(dc.lastMessage()?.id as string, dc.buttons().find((b) => b.label === "I agree")?.custom_id as string);
  return { tg, dc, onTelegram, onDiscord };
}
