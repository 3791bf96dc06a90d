/**
 * Telegram and Discord at once, on one database: a client on each platform enrols and gets their
 * check-in on their own platform, through one dispatcher.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createInvite } from "../../src/db/repos/invites.js";
import { createClient, createPractice, createTherapist } from "../../src/db/repos/people.js";
import { startBothPlatforms } from "../helpers/both-platforms.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("both platforms at once", () => {
  it("serves a Telegram client and a Discord client from one Interlude", async () => {
    const { app, telegramFake, discordFake } = await startBothPlatforms(cleanups);

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
