/**
 * The topics' part of the minute tick: "before the session" topics reach the therapist's chat with
 * their words on the session's morning, "at the session" ones only as a count, with the client
 * reminded of their own list an hour before; "just for me" ones never. A moved session moves the
 * release, a cancelled one passes it on to the following session, and a stopped client's topics stay.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { HOUR, MINUTE } from "../../src/clock.js";
import { auditLog, clients } from "../../src/db/schema.js";
import { prompts } from "../helpers/harness.js";
import { releaseInstant, reminderInstant, topicScene } from "../helpers/topics.js";

const t = (key: Parameters<ReturnType<typeof prompts>["messages"]["t"]>[1], values = {}) =>
  prompts().messages.t("en", key, values);

const at = t("topics.button_at");
const justForMe = t("topics.button_just_for_me");

describe("releasing topics", () => {
  it("shows a before-the-session topic's words to the therapist on the session's morning, once", () => {
    const scene = topicScene();
    scene.keep("the argument at work");
    scene.h.clock.set(new Date(releaseInstant.getTime() - MINUTE));
    expect(scene.tick()).toEqual({ released: 0, reminded: 0 });
    expect(scene.therapist.read()).toEqual([]);
    scene.h.clock.set(releaseInstant);
    expect(scene.tick()).toEqual({ released: 1, reminded: 0 });
    expect(scene.therapist.read().map((m) => m.text)).toEqual([
      t("topics.therapist_before", { alias: "Oak-7", day: "Thursday 8 January", topics: "• “the argument at work”" }),
    ]);
    expect(scene.stored()[0]?.releasedAt).toEqual(releaseInstant);
    scene.h.clock.advance(MINUTE);
    expect(scene.tick()).toEqual({ released: 0, reminded: 0 });
    expect(scene.therapist.read()).toEqual([]);
    expect(scene.client.read()).toEqual([]);
    const audits = scene.db.select().from(auditLog).where(eq(auditLog.action, "topic.released")).all();
    expect(audits.map((a) => a.subject)).toEqual([`client:${scene.seeded.clientId}`]);
    expect(JSON.stringify(audits)).not.toContain("argument");
  });

  it("releases N hours before when the practice says so", () => {
    const scene = topicScene({ settings: { topicReleaseHoursBefore: 24 } });
    scene.keep("early");
    scene.h.clock.set("2026-01-07T12:59:00Z");
    expect(scene.tick().released).toBe(0);
    scene.h.clock.set("2026-01-07T13:00:00Z");
    expect(scene.tick().released).toBe(1);
  });

  it("tells the therapist only how many at-session topics there are, and reminds the client an hour before", () => {
    const scene = topicScene();
    scene.keep("private words one", at);
    scene.keep("private words two", at);
    scene.h.clock.set(releaseInstant);
    expect(scene.tick()).toEqual({ released: 1, reminded: 0 });
    const told = scene.therapist.read().map((m) => m.text);
    expect(told).toEqual([t("topics.therapist_count_other", { alias: "Oak-7", day: "Thursday 8 January", count: 2 })]);
    expect(told.join()).not.toContain("private words");
    expect(scene.client.read()).toEqual([]);
    scene.h.clock.set(new Date(reminderInstant.getTime() - MINUTE));
    expect(scene.tick().reminded).toBe(0);
    scene.h.clock.set(reminderInstant);
    expect(scene.tick()).toEqual({ released: 0, reminded: 1 });
    expect(scene.client.read().map((m) => m.text)).toEqual([
      t("topics.reminder", { time: "14:00", topics: "• “private words one”\n• “private words two”" }),
    ]);
    scene.h.clock.advance(MINUTE);
    expect(scene.tick()).toEqual({ released: 0, reminded: 0 });
    expect(scene.therapist.read()).toEqual([]);
  });

  it("puts before-session words and an at-session count in one message", () => {
    const scene = topicScene();
    scene.keep("say this");
    scene.keep("raise this", at);
    scene.h.clock.set(releaseInstant);
    scene.tick();
    const day = "Thursday 8 January";
    expect(scene.therapist.read().map((m) => m.text)).toEqual([
      `${t("topics.therapist_before", { alias: "Oak-7", day, topics: "• “say this”" })}\n\n${t("topics.therapist_count_one", { alias: "Oak-7", day })}`,
    ]);
  });

  it("never shows a just-for-me topic, nor reminds of it", () => {
    const scene = topicScene();
    scene.keep("only mine", justForMe);
    for (const at of [releaseInstant, reminderInstant, new Date(reminderInstant.getTime() + 2 * HOUR)]) {
      scene.h.clock.set(at);
      expect(scene.tick()).toEqual({ released: 0, reminded: 0 });
    }
    expect(scene.therapist.read()).toEqual([]);
    expect(scene.client.read()).toEqual([]);
    expect(scene.stored()[0]?.releasedAt).toBeNull();
  });

  it("sends nothing for a topic withdrawn before its release", () => {
    const scene = topicScene();
    scene.client.command("later", "changed my mind");
    const [kept] = scene.client.read();
    scene.client.press(kept?.buttons.get(t("topics.button_withdraw")) as string);
    scene.h.clock.set(releaseInstant);
    expect(scene.tick()).toEqual({ released: 0, reminded: 0 });
    expect(scene.therapist.read()).toEqual([]);
    expect(scene.stored()).toEqual([]);
  });

  it("follows a moved session, and waits past a cancelled one for the following session", () => {
    const moved = topicScene();
    moved.keep("moved along");
    // Moved: cancelled on the Thursday and planned on the Friday instead, as a therapist does it.
    moved.plan("cancel 2026-01-08");
    moved.plan("2026-01-09 14:00");
    moved.h.clock.set(releaseInstant);
    expect(moved.tick().released).toBe(0);
    moved.h.clock.set("2026-01-09T07:00:00Z");
    expect(moved.tick().released).toBe(1);
    expect(moved.therapist.read()[0]?.text).toContain("Friday 9 January");

    // Moved earlier the same day: released an hour before its new start.
    const earlier = topicScene();
    earlier.keep("earlier now");
    earlier.plan("2026-01-08 08:30");
    earlier.h.clock.set("2026-01-08T06:29:00Z");
    expect(earlier.tick().released).toBe(0);
    earlier.h.clock.set("2026-01-08T06:30:00Z");
    expect(earlier.tick().released).toBe(1);

    const cancelled = topicScene();
    cancelled.keep("waits a week");
    cancelled.plan("2026-01-15 14:00");
    cancelled.plan("cancel 2026-01-08");
    cancelled.h.clock.set(releaseInstant);
    expect(cancelled.tick().released).toBe(0);
    cancelled.h.clock.set("2026-01-15T07:00:00Z");
    expect(cancelled.tick().released).toBe(1);
    expect(cancelled.therapist.read()[0]?.text).toContain("Thursday 15 January");
  });

  it("never releases a stopped client's topics, and waits while no session is planned", () => {
    const scene = topicScene();
    scene.keep("kept anyway");
    scene.db.update(clients).set({ status: "stopped" }).run();
    scene.h.clock.set(releaseInstant);
    expect(scene.tick()).toEqual({ released: 0, reminded: 0 });
    expect(scene.therapist.read()).toEqual([]);

    const none = topicScene();
    none.plan("cancel 2026-01-08");
    none.keep("no session yet");
    none.h.clock.set(releaseInstant);
    expect(none.tick()).toEqual({ released: 0, reminded: 0 });
    expect(none.stored()[0]?.releasedAt).toBeNull();
  });

  it("releases a topic kept after the morning's release at once, before the session starts", () => {
    const scene = topicScene();
    scene.h.clock.set(new Date(releaseInstant.getTime() + 2 * HOUR));
    scene.keep("late thought");
    expect(scene.tick().released).toBe(1);
    expect(scene.therapist.read()).toHaveLength(1);
  });
});
