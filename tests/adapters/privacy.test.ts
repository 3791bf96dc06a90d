/**
 * /privacy end to end on both platforms, through the real grammY and discord.js clients against the
 * local fakes: the explanation with the client's choices and two rows of buttons; a tap edits the
 * message to show the choice (its buttons gone), confirms it, stores it and audits it.
 */
import { afterEach, describe, expect, it } from "vitest";
import { getClient } from "../../src/db/repos/people.js";
import { auditLog } from "../../src/db/schema.js";
import { clientsOnBothPlatforms, startBothPlatforms } from "../helpers/both-platforms.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("/privacy", () => {
  it("shows and changes the client's sharing on Telegram and on Discord", async () => {
    const started = await startBothPlatforms(cleanups);
    const { app, telegramFake, discordFake } = started;
    const { db } = app.database;
    const { tg, dc, onTelegram, onDiscord } = await clientsOnBothPlatforms(started, {
      telegramUser: 5001,
      discordUser: "6001",
    });
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
