/**
 * The therapist's rating of a session end to end on both platforms, through the real grammY and
 * discord.js clients against the local fakes: an hour after a held session the therapist's chat gets
 * the first question with 1–5 and Skip; each tap edits that message to show the answer (its buttons
 * gone) and brings the next; after the third, thanks, and the rating is stored.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createInvite } from "../../src/db/repos/invites.js";
import { createClient, createPractice, createTherapist } from "../../src/db/repos/people.js";
import { therapistRatings } from "../../src/db/schema.js";
import { ratingsTick } from "../../src/ratings/ratings-job.js";
import { startBothPlatforms } from "../helpers/both-platforms.js";
import { insertUtcSession } from "../helpers/sessions.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("the therapist's rating of a session", () => {
  it("is asked and answered one tap at a time on Telegram and on Discord", async () => {
    const { app, telegramFake, discordFake } = await startBothPlatforms(cleanups);
    const now = new Date();
    const { db } = app.database;
    const practice = createPractice(db, { name: "P", timezone: "UTC", locale: "en" }, now);
    const heldSessionWith = (alias: string, therapistId: number) => {
      const client = createClient(
        db,
        { practiceId: practice.id, therapistId, alias, locale: "en", checkinId: "alliance-safety" },
        now,
      );
      // Ended 61 minutes ago; the practice asks after 60.
      const startsAt = new Date(now.getTime() - (50 + 61) * 60_000);
      insertUtcSession(db, client.id, startsAt, "held", now);
    };
    const onTelegram = createTherapist(db, { practiceId: practice.id, alias: "T-tg" }, now);
    const onDiscord = createTherapist(db, { practiceId: practice.id, alias: "T-dc" }, now);
    heldSessionWith("Oak-1", onTelegram.id);
    heldSessionWith("Elm-2", onDiscord.id);
    const tg = telegramFake.user(3001);
    tg.send(`/start ${createInvite(db, { therapistId: onTelegram.id }, now, 7).code}`);
    const dc = discordFake.user("4001");
    dc.sendDM(`/link ${createInvite(db, { therapistId: onDiscord.id }, now, 7).code}`);
    await telegramFake.waitFor(() => tg.messages().length >= 1);
    await discordFake.waitFor(() => dc.messages().length >= 1);

    expect(ratingsTick(db, app.prompts, new Date())).toEqual({ asked: 2, expired: 0 });
    await app.dispatcher.drain();

    // Telegram: three taps.
    await telegramFake.waitFor(() => tg.buttons().length === 6);
    const first = tg.lastMessage();
    expect(first?.text).toContain("Your own view of the session with Oak-1");
    expect(tg.buttons().map((b) => b.text)).toEqual(["1", "2", "3", "4", "5", "Skip"]);
    for (const [label, question] of [
      ["4", "(1/3)"],
      ["Skip", "(2/3)"],
      ["2", "(3/3)"],
    ] as const) {
      await telegramFake.waitFor(
        () => tg.lastMessage()?.text?.includes(question) === true && tg.buttons().length === 6,
      );
      const message = tg.lastMessage();
      tg.press(message?.message_id as number, tg.buttons().find((b) => b.text === label)?.callback_data as string);
      await telegramFake.waitFor(
        () =>
          tg
            .messages()
            .find((m) => m.message_id === message?.message_id)
            ?.text?.endsWith(`✓ ${label}`) === true,
      );
    }
    await telegramFake.waitFor(() => tg.lastMessage()?.text?.startsWith("Thank you.") === true);
    expect(tg.buttons()).toEqual([]);

    // Discord: the same, with buttons as components.
    await discordFake.waitFor(() => dc.buttons().length === 6);
    expect(dc.lastMessage()?.content).toContain("Your own view of the session with Elm-2");
    for (const [label, question] of [
      ["5", "(1/3)"],
      ["5", "(2/3)"],
      ["1", "(3/3)"],
    ] as const) {
      await discordFake.waitFor(
        () => dc.lastMessage()?.content.includes(question) === true && dc.buttons().length === 6,
      );
      const message = dc.lastMessage();
      dc.press(message?.id as string, dc.buttons().find((b) => b.label === label)?.custom_id as string);
      await discordFake.waitFor(
        () =>
          dc
            .messages()
            .find((m) => m.id === message?.id)
            ?.content.endsWith(`✓ ${label}`) === true,
      );
    }
    await discordFake.waitFor(() => dc.lastMessage()?.content.startsWith("Thank you.") === true);

    const stored = db.select().from(therapistRatings).all();
    expect(
      stored.map(({ therapistId, status, safety, bond, work }) => ({ therapistId, status, safety, bond, work })),
    ).toEqual([
      { therapistId: onTelegram.id, status: "completed", safety: 4, bond: null, work: 2 },
      { therapistId: onDiscord.id, status: "completed", safety: 5, bond: 5, work: 1 },
    ]);
  }, 90_000);
});
