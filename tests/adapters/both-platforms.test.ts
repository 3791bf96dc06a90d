/**
 * Telegram and Discord at once, on one database: a client on each platform enrols and gets their
 * check-in on their own platform, through one dispatcher.
 */
import { afterEach, describe, expect, it } from "vitest";
import { clientsOnBothPlatforms, startBothPlatforms } from "../helpers/both-platforms.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("both platforms at once", () => {
  it("serves a Telegram client and a Discord client from one Interlude", async () => {
    const started = await startBothPlatforms(cleanups);
    const { telegramFake, discordFake } = started;
    const { tg: tgUser, dc: dcUser } = await clientsOnBothPlatforms(started, {
      settings: { checkinAfterConsent: true },
    });

    await telegramFake.waitFor(() => tgUser.buttons().length === 5);
    await discordFake.waitFor(() => dcUser.buttons().length === 5);
    expect(tgUser.lastMessage()?.text).toContain("felt safe to say");
    expect(dcUser.lastMessage()?.content).toContain("felt safe to say");
  });
});
