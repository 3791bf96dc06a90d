/**
 * The weekly summary end to end on both platforms: a therapist linked on Telegram and one linked on
 * Discord each get their summary text and real PNG charts from one Interlude, through the real grammY
 * and discord.js clients against the local fakes. Then `/summary ALIAS` in chat brings one client's chart.
 */
import { PNG } from "pngjs";
import { afterEach, describe, expect, it } from "vitest";
import { createInvite } from "../../src/db/repos/invites.js";
import { createClient, createPractice, createTherapist } from "../../src/db/repos/people.js";
import { clientChartSize } from "../../src/insights/chart/spec.js";
import { latestSummaryDue } from "../../src/insights/summary-schedule.js";
import { startBothPlatforms } from "../helpers/both-platforms.js";
import { recordCheckin } from "../helpers/history.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * Days before the start of the week the first pass summarises (real clock, UTC practice, Monday 08:00),
 * so the rupture always falls inside that week whatever day and hour the test runs.
 */
const summarised = latestSummaryDue(new Date(), "UTC", "monday", "08:00").week;
const daysBefore = (n: number) => new Date(summarised.start.getTime() - n * 86_400_000);

describe("the weekly summary in the therapists' chats", () => {
  it("arrives once on Telegram and on Discord with its charts, and /summary ALIAS brings a chart", async () => {
    const { app, telegramFake, discordFake } = await startBothPlatforms(cleanups);

    const now = new Date();
    const { db } = app.database;
    const practice = createPractice(db, { name: "P", timezone: "UTC", locale: "en" }, now);
    const onTelegram = createTherapist(db, { practiceId: practice.id, alias: "T-tg" }, now);
    const onDiscord = createTherapist(db, { practiceId: practice.id, alias: "T-dc", locale: "zh" }, now);
    for (const [therapist, alias] of [
      [onTelegram, "Oak-1"],
      [onDiscord, "Elm-2"],
    ] as const) {
      const client = createClient(
        db,
        { practiceId: practice.id, therapistId: therapist.id, alias, locale: "en", checkinId: "alliance-safety" },
        now,
      );
      // Six weeks of steady answers, then a rupture on the first day of the week summarised.
      for (let d = 42; d > 2; d -= 3.5) recordCheckin(db, client.id, daysBefore(d), [4, 4, 4, 4]);
      recordCheckin(db, client.id, daysBefore(1), [4, 4, 4, 4]);
      recordCheckin(db, client.id, daysBefore(-0.5), [2, 2, 2, 2], { note: "Felt rushed." });
    }

    const tgTherapist = telegramFake.user(3001);
    tgTherapist.send(`/start ${createInvite(db, { therapistId: onTelegram.id }, now, 7).code}`);
    const dcTherapist = discordFake.user("4001");
    dcTherapist.sendDM(`/link ${createInvite(db, { therapistId: onDiscord.id }, now, 7).code}`);
    await telegramFake.waitFor(() => tgTherapist.messages().length >= 1);
    await discordFake.waitFor(() => dcTherapist.messages().length >= 1);

    // The latest summary time has always passed, so the first pass sends one to each.
    expect(await app.summaries.tick()).toEqual({ queued: 2, noChat: 0, failures: 0 });
    await app.dispatcher.drain();
    await telegramFake.waitFor(() => tgTherapist.messages().filter((m) => m.photo).length >= 2);
    await discordFake.waitFor(() => dcTherapist.messages().filter((m) => m.attachments?.length).length >= 2);

    const tgTexts = tgTherapist.messages().map((m) => m.text || m.caption || "");
    expect(
      tgTexts.some((t) => t.startsWith("Weekly summary") && t.includes("Oak-1") && t.includes("Felt rushed.")),
    ).toBe(true);
    const photos = tgTherapist.messages().flatMap((m) => (m.photo ? [m.photo] : []));
    expect(photos.map((p) => p.fileName)).toEqual([
      expect.stringMatching(/-overview\.png$/),
      expect.stringMatching(/-client-1\.png$/),
    ]);
    const chart = PNG.sync.read(photos[1]?.data as Buffer);
    expect([chart.width, chart.height]).toEqual([clientChartSize.width, clientChartSize.height]);

    const dcMessages = dcTherapist.messages();
    expect(dcMessages.some((m) => m.content.startsWith("每周汇总") && m.content.includes("Elm-2"))).toBe(true);
    expect(dcMessages.flatMap((m) => m.attachments ?? []).length).toBe(2);

    // Once: another pass sends nothing more.
    expect(await app.summaries.tick()).toEqual({ queued: 0, noChat: 0, failures: 0 });

    const before = tgTherapist.messages().filter((m) => m.photo).length;
    tgTherapist.send("/summary oak-1");
    await telegramFake.waitFor(() => tgTherapist.messages().filter((m) => m.photo).length > before, 20_000);
    expect(tgTherapist.messages().at(-1)?.caption).toBe("Oak-1: the last 12 weeks");
  }, 60_000);
});
