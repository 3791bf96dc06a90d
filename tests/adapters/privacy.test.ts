/**
 * /privacy end to end on both platforms, through the real grammY and discord.js clients against the
 * local fakes: the explanation with the client's choices and two rows of buttons; a tap edits the
 * message to show the choice (its buttons gone), confirms it, stores it and audits it.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createInvite } from "../../src/db/repos/invites.js";
import { createClient, createPractice, createTherapist, getClient } from "../../src/db/repos/people.js";
import { auditLog } from "../../src/db/schema.js";
import { startBothPlatforms } from "../helpers/both-platforms.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("/privacy", () => {
  it("shows and changes the client's sharing on Telegram and on Discord", async () => {
    const { app, telegramFake, discordFake } = await startBothPlatforms(cleanups);
    const now = new Date();
    const { db } = app.database;
    const practice = createPractice(db, { name: "P", timezone: "UTC", locale: "en" }, now);
    const therapist = createTherapist(db, { practiceId: practice.id, alias: "T" }, now);
    const newClient = (alias: string) =>
      createClient(
        db,
        { practiceId: practice.id, therapistId: therapist.id, alias, locale: "en", checkinId: "alliance-safety" },
        now,
      ).id;
    const onTelegram = newClient("Oak-1");
    const onDiscord = newClient("Elm-2");

    const tg = telegramFake.user(5001);
    tg.send(`/start ${createInvite(db, { clientId: onTelegram }, now, 7).code}`);
    const dc = discordFake.user("6001");
    dc.sendDM(`/link ${createInvite(db, { clientId: onDiscord }, now, 7).code}`);
    await telegramFake.waitFor(() => tg.buttons().some((b) => b.text === "I agree"));
    tg.press(
      tg.lastMessage()?.message_id as number,
      tg.buttons().find((b) => b.text === "I agree")?.callback_data as string,
    );
    await discordFake.waitFor(() => dc.buttons().some((b) => b.label === "I agree"));
    dc.press(dc.lastMessage()?.id as string, dc.buttons().find((b) => b.label === "I agree")?.custom_id as string);
    await telegramFake.waitFor(() => tg.lastMessage()?.text?.startsWith("Thank you.") === true);
    await discordFake.waitFor(() => dc.lastMessage()?.content.startsWith("Thank you.") === true);

    // Telegram: the notes' default.
    tg.send("/privacy");
    await telegramFake.waitFor(() => tg.buttons().some((b) => b.text === "Notes: keep for me"));
    const shown = tg.lastMessage();
    expect(shown?.text).toContain("How your data is handled:");
    expect(shown?.text).toContain("• Notes: your therapist sees them at once.");
    expect(tg.buttons().map((b) => b.text)).toEqual([
      "Notes: share now",
      "Notes: at my next session",
      "Notes: keep for me",
      "Scores: each question",
      "Scores: overall only",
    ]);
    tg.press(
      shown?.message_id as number,
      tg.buttons().find((b) => b.text === "Notes: keep for me")?.callback_data as string,
    );
    await telegramFake.waitFor(() => tg.lastMessage()?.text?.startsWith("Done. Your notes from now on:") === true);
    expect(
      tg
        .messages()
        .find((m) => m.message_id === shown?.message_id)
        ?.text?.endsWith("✓ Notes: keep for me"),
    ).toBe(true);
    expect(tg.buttons()).toEqual([]);

    // Discord: the scores, through the slash command.
    dc.slash("privacy");
    await discordFake.waitFor(() => dc.buttons().some((b) => b.label === "Scores: overall only"));
    const dcShown = dc.lastMessage();
    expect(dcShown?.content).toContain("• Scores: your therapist sees each answer.");
    dc.press(dcShown?.id as string, dc.buttons().find((b) => b.label === "Scores: overall only")?.custom_id as string);
    await discordFake.waitFor(() => dc.lastMessage()?.content.startsWith("Done. Your scores from now on:") === true);
    expect(
      dc
        .messages()
        .find((m) => m.id === dcShown?.id)
        ?.content.endsWith("✓ Scores: overall only"),
    ).toBe(true);

    expect([getClient(db, onTelegram)?.noteSharing, getClient(db, onTelegram)?.scoreDetail]).toEqual([
      "private",
      "detailed",
    ]);
    expect([getClient(db, onDiscord)?.noteSharing, getClient(db, onDiscord)?.scoreDetail]).toEqual([null, "overall"]);
    const audited = db
      .select()
      .from(auditLog)
      .all()
      .filter((a) => a.action.startsWith("sharing."))
      .map((a) => [a.actor, a.action]);
    expect(audited).toEqual([
      [`client:${onTelegram}`, "sharing.notes_default"],
      [`client:${onDiscord}`, "sharing.scores"],
    ]);
  }, 90_000);
});
