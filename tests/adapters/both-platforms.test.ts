/**
 * Telegram and Discord at once, on one database: a client on each platform enrols and gets their
 * check-in on their own platform, through one dispatcher.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startDiscord } from "../../adapters/discord/start.js";
import { startTelegram } from "../../adapters/telegram/start.js";
import { createApp } from "../../src/app.js";
import { systemClock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import { createInvite } from "../../src/db/repos/invites.js";
import { createClient, createPractice, createTherapist } from "../../src/db/repos/people.js";
import { silentLogger } from "../../src/logger.js";
import { FakeDiscord } from "../fakes/discord/fake-discord.js";
import { FakeBotApi } from "../fakes/telegram/fake-bot-api.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("both platforms at once", () => {
  it("serves a Telegram client and a Discord client from one Interlude", async () => {
    const telegramFake = await FakeBotApi.start();
    const discordFake = await FakeDiscord.start();
    cleanups.push(
      () => telegramFake.close(),
      () => discordFake.close(),
    );
    const app = createApp(
      loadConfig({
        INTERLUDE_DB: join(mkdtempSync(join(tmpdir(), "interlude-both-")), "both.db"),
        TELEGRAM_BOT_TOKEN: telegramFake.token,
        TELEGRAM_API_ROOT: telegramFake.apiRoot,
        DISCORD_BOT_TOKEN: discordFake.token,
        DISCORD_APPLICATION_ID: discordFake.applicationId,
        DISCORD_API_ROOT: discordFake.restRoot,
      }),
      systemClock,
      silentLogger,
    );
    const telegram = await startTelegram(app);
    const discord = await startDiscord(app);
    cleanups.push(async () => {
      await telegram.stop();
      await discord.stop();
      app.database.close();
    });

    const now = new Date();
    const { db } = app.database;
    const practice = createPractice(
      db,
      { name: "P", timezone: "UTC", locale: "en", settings: { checkinAfterConsent: true } },
      now,
    );
    const therapist = createTherapist(db, { practiceId: practice.id, alias: "T" }, now);
    const newClient = (alias: string) =>
      createClient(
        db,
        { practiceId: practice.id, therapistId: therapist.id, alias, locale: "en", checkinId: "alliance-safety" },
        now,
      );
    const onTelegram = newClient("Oak-1");
    const onDiscord = newClient("Elm-2");

    const tgUser = telegramFake.user(1001);
    tgUser.send(`/start ${createInvite(db, { clientId: onTelegram.id }, now, 7).code}`);
    const dcUser = discordFake.user("2001");
    dcUser.sendDM(`/link ${createInvite(db, { clientId: onDiscord.id }, now, 7).code}`);

    await telegramFake.waitFor(() => tgUser.buttons().some((b) => b.text === "I agree"));
    tgUser.press(
      tgUser.lastMessage()?.message_id as number,
      tgUser.buttons().find((b) => b.text === "I agree")?.callback_data as string,
    );
    await discordFake.waitFor(() => dcUser.buttons().some((b) => b.label === "I agree"));
    dcUser.press(
      dcUser.lastMessage()?.id as string,
      dcUser.buttons().find((b) => b.label === "I agree")?.custom_id as string,
    );

    await telegramFake.waitFor(() => tgUser.buttons().length === 5);
    await discordFake.waitFor(() => dcUser.buttons().length === 5);
    expect(tgUser.lastMessage()?.text).toContain("felt safe to say");
    expect(dcUser.lastMessage()?.content).toContain("felt safe to say");
  });
});
