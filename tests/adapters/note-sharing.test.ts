/**
 * A note's own sharing end to end on both platforms, through the real grammY and discord.js clients
 * against the local fakes: the client answers a check-in, writes a note, and gets one row of buttons
 * under it. On Telegram they keep it for their next session (the note stays with them, its words
 * become a topic); on Discord they keep it for themselves. Each tap edits the question to show the
 * choice, stores it and audits it by kind, never by words.
 */
import { afterEach, describe, expect, it } from "vitest";
import { answers, auditLog, topics } from "../../src/db/schema.js";
import { clientsOnBothPlatforms, startBothPlatforms } from "../helpers/both-platforms.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const notePrompt = "Is there anything you'd like your therapist to know?";
const sharingRow = ["Share now", "At my next session", "Keep it for me", "Keep for my next session"];

describe("a note's sharing, chosen under the note", () => {
  it("keeps a note as a topic on Telegram and for the client alone on Discord", async () => {
    const started = await startBothPlatforms(cleanups);
    const { app, telegramFake, discordFake } = started;
    const { db } = app.database;
    const { tg, dc, onTelegram, onDiscord } = await clientsOnBothPlatforms(started, {
      telegramUser: 7001,
      discordUser: "8001",
      settings: { checkinAfterConsent: true },
    });

    // Every scored question gets a 4, once, until the note is asked for.
    const pressed = new Set<number | string>();
    await telegramFake.waitFor(() => {
      const last = tg.lastMessage();
      if (last?.text?.startsWith(notePrompt)) return true;
      const four = tg.buttons()[3];
      if (tg.buttons().length >= 5 && four && last && !pressed.has(last.message_id)) {
        pressed.add(last.message_id);
        tg.press(last.message_id, four.callback_data as string);
      }
      return false;
    }, 60_000);
    await discordFake.waitFor(() => {
      const last = dc.lastMessage();
      if (last?.content.startsWith(notePrompt)) return true;
      const four = dc.buttons()[3];
      if (dc.buttons().length >= 5 && four && last && !pressed.has(last.id)) {
        pressed.add(last.id);
        dc.press(last.id, four.custom_id as string);
      }
      return false;
    }, 60_000);

    tg.send("the homework felt like too much this week");
    dc.sendDM("I am not sure the goals are mine");
    // The question about the note comes before the check-in's closing thanks.
    const sharingQuestion = "Who should see this note? Your usual choice: your therapist sees them at once.";
    await telegramFake.waitFor(() => tg.messages().some((m) => m.text === sharingQuestion));
    await discordFake.waitFor(() => dc.messages().some((m) => m.content === sharingQuestion));
    const tgQuestion = tg.messages().find((m) => m.text === sharingQuestion);
    const dcQuestion = dc.messages().find((m) => m.content === sharingQuestion);
    const tgButtons = tg.buttons(tgQuestion?.message_id);
    const dcButtons = dc.buttons(dcQuestion?.id);
    expect(tgButtons.map((b) => b.text)).toEqual(sharingRow);
    expect(dcButtons.map((b) => b.label)).toEqual(sharingRow);

    tg.press(
      tgQuestion?.message_id as number,
      tgButtons.find((b) => b.text === "Keep for my next session")?.callback_data as string,
    );
    dc.press(dcQuestion?.id as string, dcButtons.find((b) => b.label === "Keep it for me")?.custom_id as string);
    await telegramFake.waitFor(() => tg.lastMessage()?.text?.startsWith("Kept for your next session.") === true);
    await discordFake.waitFor(
      () =>
        dc
          .messages()
          .find((m) => m.id === dcQuestion?.id)
          ?.content.endsWith(
            "✓ This note: kept for you. Your therapist only sees that you keep some notes private.",
          ) === true,
    );
    expect(
      tg
        .messages()
        .find((m) => m.message_id === tgQuestion?.message_id)
        ?.text?.includes("✓ This note: kept as a topic for your next session"),
    ).toBe(true);
    // The topic's own buttons come with it; the spent note question has none left.
    expect(tg.buttons().map((b) => b.text)).toEqual(["Before the session", "I'll raise it", "Just for me", "Withdraw"]);

    const notes = db
      .select()
      .from(answers)
      .all()
      .filter((a) => a.itemId === "note")
      .map((a) => ({ text: a.text, sharing: a.sharing }))
      .sort((a, b) => String(a.text).localeCompare(String(b.text)));
    expect(notes).toEqual([
      { text: "I am not sure the goals are mine", sharing: "private" },
      { text: "the homework felt like too much this week", sharing: "private" },
    ]);
    expect(
      db
        .select()
        .from(topics)
        .all()
        .map((t) => [t.clientId, t.text, t.release]),
    ).toEqual([[onTelegram, "the homework felt like too much this week", "before_session"]]);
    const audited = db
      .select()
      .from(auditLog)
      .all()
      .filter((a) => a.action === "sharing.note" || a.action === "topic.kept");
    expect(audited.map((a) => [a.actor, a.action]).sort()).toEqual(
      [
        [`client:${onDiscord}`, "sharing.note"],
        [`client:${onTelegram}`, "sharing.note"],
        [`client:${onTelegram}`, "topic.kept"],
      ].sort(),
    );
    for (const entry of audited) {
      expect(JSON.stringify(entry.detail ?? null)).not.toMatch(/homework|goals/);
    }

    // The spent row is gone from the message (a second press is refused: tests/engine/sharing.test.ts).
    expect(dc.buttons(dcQuestion?.id)).toEqual([]);
    tg.send("/later");
    await telegramFake.waitFor(() =>
      tg.messages().some((m) => m.text?.startsWith("Your topics for the next session (1)")),
    );
    expect(db.select().from(topics).all()).toHaveLength(1);
  }, 150_000);
});
