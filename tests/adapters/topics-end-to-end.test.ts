/**
 * Topics for the next session end to end on both platforms, through the real grammY and discord.js
 * clients against the local fakes, with a fake (running) clock: the client keeps four topics with /later (one
 * for before the session, one to raise themselves, one just for them, one withdrawn again); the
 * session they wait for changes; on the new session's morning the therapist
 * gets the before-session words and only a count of the other; an hour before it the client gets their
 * own list. The just-for-me and withdrawn topics reach nobody. The Telegram client's Thursday is
 * moved to the Friday; the Discord client's is cancelled and a Friday planned: both wait for it.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Clock, HOUR } from "../../src/clock.js";
import { createInvite } from "../../src/db/repos/invites.js";
import { createClient, createPractice, createTherapist } from "../../src/db/repos/people.js";
import { updateSession } from "../../src/db/repos/sessions.js";
import { topics } from "../../src/db/schema.js";
import { topicsTick } from "../../src/topics/topics-job.js";
import { startBothPlatforms } from "../helpers/both-platforms.js";
import { insertUtcSession } from "../helpers/sessions.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** What the client keeps, and the button pressed after each (none: the practice's default, before). */
const kept = [
  { words: "the argument at work", button: undefined },
  { words: "raise it myself please", button: "I'll raise it" },
  { words: "only for my own eyes", button: "Just for me" },
  { words: "never mind this one", button: "Withdraw" },
] as const;

/**
 * A fake clock that keeps running: set to a time, it goes on from there at the real pace, because the
 * dispatcher's per-chat pacing waits for the clock to move on between two messages to one chat.
 */
class RunningClock implements Clock {
  private offset = 0;
  constructor(start: Date) {
    this.set(start);
  }
  now(): Date {
    return new Date(Date.now() + this.offset);
  }
  set(to: Date): void {
    this.offset = to.getTime() - Date.now();
  }
}

describe("topics for the next session", () => {
  it("are released as each client chose, on Telegram and on Discord", async () => {
    // Monday 09:00 UTC; the sessions are planned on the Thursday and then the Friday at 14:00 UTC.
    const clock = new RunningClock(new Date(Date.UTC(new Date().getUTCFullYear() + 1, 0, 4, 9)));
    const { app, telegramFake, discordFake } = await startBothPlatforms(cleanups, clock);
    const { db } = app.database;
    const now = clock.now();
    const day = (offset: number, hour: number) => new Date(now.getTime() + offset * 24 * HOUR + (hour - 9) * HOUR);
    const practice = createPractice(db, { name: "P", timezone: "UTC", locale: "en" }, now);
    const pair = (alias: string) => {
      const therapist = createTherapist(db, { practiceId: practice.id, alias: `T-${alias}` }, now);
      const client = createClient(
        db,
        { practiceId: practice.id, therapistId: therapist.id, alias, locale: "en", checkinId: "alliance-safety" },
        now,
      );
      const plan = (startsAt: Date) => insertUtcSession(db, client.id, startsAt, "planned", now);
      const first = plan(day(3, 14));
      return {
        therapistCode: createInvite(db, { therapistId: therapist.id }, now, 7).code,
        clientCode: createInvite(db, { clientId: client.id }, now, 7).code,
        // While the topics wait, the Thursday is moved to the Friday (the same session, a new time)...
        move: () => {
          const friday = day(4, 14);
          updateSession(
            db,
            first.id,
            { startsAt: friday, localDate: friday.toISOString().slice(0, 10), localTime: "14:00" },
            clock.now(),
          );
        },
        // ...or cancelled, and a Friday planned instead.
        cancelAndPlan: () => {
          updateSession(db, first.id, { status: "cancelled" }, clock.now());
          plan(day(4, 14));
        },
      };
    };
    const onTelegram = pair("Oak-1");
    const onDiscord = pair("Elm-2");

    const tgTherapist = telegramFake.user(3001);
    tgTherapist.send(`/start ${onTelegram.therapistCode}`);
    const tg = telegramFake.user(1001);
    tg.send(`/start ${onTelegram.clientCode}`);
    const dcTherapist = discordFake.user("4001");
    dcTherapist.sendDM(`/link ${onDiscord.therapistCode}`);
    const dc = discordFake.user("2001");
    dc.slash("link", { code: onDiscord.clientCode });
    await telegramFake.waitFor(() => tg.buttons().some((b) => b.text === "I agree"));
    tg.press(
      tg.lastMessage()?.message_id as number,
      tg.buttons().find((b) => b.text === "I agree")?.callback_data as string,
    );
    await discordFake.waitFor(() => dc.buttons().some((b) => b.label === "I agree"));
    dc.press(dc.lastMessage()?.id as string, dc.buttons().find((b) => b.label === "I agree")?.custom_id as string);
    await telegramFake.waitFor(() => tg.messages().some((m) => m.text.startsWith("Thank you.")));
    await discordFake.waitFor(() => dc.messages().some((m) => m.content.startsWith("Thank you.")));
    await telegramFake.waitFor(() => tgTherapist.messages().length >= 1);
    await discordFake.waitFor(() => dcTherapist.messages().length >= 1);

    const keptSoFar = (texts: string[]) =>
      texts.filter((text) => text.startsWith("Kept for your next session.")).length;
    for (const [index, { words, button }] of kept.entries()) {
      tg.send(`/later ${words}`);
      dc.slash("later", { topic: words });
      await telegramFake.waitFor(() => keptSoFar(tg.messages().map((m) => m.text)) === index + 1);
      await discordFake.waitFor(() => keptSoFar(dc.messages().map((m) => m.content)) === index + 1);
      await telegramFake.waitFor(() => tg.lastMessage()?.text.startsWith("Kept for your next session.") === true);
      await discordFake.waitFor(() => dc.lastMessage()?.content.startsWith("Kept for your next session.") === true);
      expect(tg.buttons().map((b) => b.text)).toEqual([
        "Before the session",
        "I'll raise it",
        "Just for me",
        "Withdraw",
      ]);
      expect(dc.buttons().map((b) => b.label)).toEqual([
        "Before the session",
        "I'll raise it",
        "Just for me",
        "Withdraw",
      ]);
      if (!button) continue;
      const tgKept = tg.lastMessage();
      const dcKept = dc.lastMessage();
      tg.press(tgKept?.message_id as number, tg.buttons().find((b) => b.text === button)?.callback_data as string);
      dc.press(dcKept?.id as string, dc.buttons().find((b) => b.label === button)?.custom_id as string);
      const done = (text: string | undefined) => text?.endsWith(`✓ ${button}`) === true;
      await telegramFake.waitFor(() => done(tg.messages().find((m) => m.message_id === tgKept?.message_id)?.text));
      await discordFake.waitFor(() => done(dc.messages().find((m) => m.id === dcKept?.id)?.content));
    }
    await telegramFake.waitFor(() => tg.lastMessage()?.text === "Withdrawn: that topic is deleted.");
    await discordFake.waitFor(() => dc.lastMessage()?.content === "Withdrawn: that topic is deleted.");
    // Three topics each (the withdrawn one is deleted), in whichever order the two platforms' events came.
    expect(
      db
        .select()
        .from(topics)
        .all()
        .map((t) => t.release)
        .sort(),
    ).toEqual(["at_session", "at_session", "before_session", "before_session", "just_for_me", "just_for_me"]);

    // The Thursday goes, moved on Telegram and cancelled on Discord; the topics wait for the Friday.
    onTelegram.move();
    onDiscord.cancelAndPlan();
    clock.set(day(3, 8));
    expect(topicsTick(db, app.prompts, clock.now())).toEqual({ released: 0, reminded: 0 });

    // Friday 08:00: the therapists see the before-session words and only a count of the other.
    clock.set(day(4, 8));
    expect(topicsTick(db, app.prompts, clock.now())).toEqual({ released: 2, reminded: 0 });
    await app.dispatcher.drain();
    const release = (alias: string) =>
      `${alias} kept this to talk about at the session on ${new Intl.DateTimeFormat("en-GB", {
        weekday: "long",
        day: "numeric",
        month: "long",
        timeZone: "UTC",
      }).format(day(4, 14))}`;
    await telegramFake.waitFor(() => tgTherapist.lastMessage()?.text.startsWith(release("Oak-1")) === true);
    await discordFake.waitFor(() => dcTherapist.lastMessage()?.content.startsWith(release("Elm-2")) === true);
    for (const text of [tgTherapist.lastMessage()?.text, dcTherapist.lastMessage()?.content]) {
      expect(text).toContain("• “the argument at work”");
      expect(text).toContain("has 1 topic to raise at the session");
      for (const hidden of ["raise it myself", "only for my own eyes", "never mind"])
        expect(text).not.toContain(hidden);
    }

    // An hour before: each client gets their own at-session list, and nothing else is sent.
    clock.set(day(4, 13));
    expect(topicsTick(db, app.prompts, clock.now())).toEqual({ released: 0, reminded: 2 });
    await app.dispatcher.drain();
    const reminder = "Your session starts at 14:00. You kept these to raise yourself:\n• “raise it myself please”";
    await telegramFake.waitFor(() => tg.lastMessage()?.text === reminder);
    await discordFake.waitFor(() => dc.lastMessage()?.content === reminder);
    clock.set(day(4, 13.5));
    expect(topicsTick(db, app.prompts, clock.now())).toEqual({ released: 0, reminded: 0 });
  }, 90_000);
});
