/**
 * A check-in knows its session: one timed to a session is stored against it and its first line names
 * that session's day in the client's language (the session just had, or the one ahead for a check-in
 * before it); a calendar-scheduled check-in is about the latest session that ended within two weeks,
 * and about the therapy in general when there is none (or it was cancelled).
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { setSchedule } from "../../src/db/repos/schedules.js";
import { occurrences } from "../../src/db/schema.js";
import type { Locale } from "../../src/i18n/locales.js";
import { scheduleInputSchema } from "../../src/schedule/spec.js";
import { enrolledClient } from "../helpers/enrolled.js";
import { createHarness, prompts, schedulerOn } from "../helpers/harness.js";
import { sessionPlanner } from "../helpers/sessions.js";

function scene(spec: string | undefined, locale: Locale = "en") {
  const h = createHarness();
  h.clock.set("2026-12-07T09:00:00Z"); // Monday, 10:00 in Stockholm
  const { seeded, user } = enrolledClient(h, { locale });
  const db = h.handle.db;
  if (spec) {
    setSchedule(
      db,
      { practiceId: seeded.practiceId, clientId: seeded.clientId },
      scheduleInputSchema.parse({ spec }),
      h.clock.now(),
      "2026-12-07",
    );
  }
  const plan = sessionPlanner(h, seeded.clientId);
  const act = (words: string) => {
    const outcome = plan(words);
    return outcome.status === "planned" ? outcome.session.id : undefined;
  };
  const scheduler = schedulerOn(db, h.clock);
  const at = (iso: string) => {
    h.clock.set(iso);
    return scheduler.tick();
  };
  const sent = () =>
    db
      .select()
      .from(occurrences)
      .where(eq(occurrences.clientId, seeded.clientId))
      .all()
      .filter((o) => o.status !== "missed");
  return { h, seeded, user, act, at, sent };
}

const t = (locale: Locale, key: Parameters<ReturnType<typeof prompts>["messages"]["t"]>[1], day?: string) =>
  prompts().messages.t(locale, key, day === undefined ? {} : { day });

describe("a check-in about a session", () => {
  it("after a session: stored against it, the first line naming its day", () => {
    const { act, at, sent, user } = scene("after each session +24h");
    const sessionId = act("thu 14:00");
    expect(sessionId).toBeDefined();
    at("2026-12-07T09:01:00Z");
    user.read();
    expect(at("2026-12-11T13:50:00Z").started).toBe(1);
    expect(sent().map((o) => o.sessionId)).toEqual([sessionId]);
    const first = user.read()[0]?.text ?? "";
    expect(first.split("\n")[0]).toBe(t("en", "checkin.intro_after_session", "Thursday 10 December"));
  });

  it("before a session: the first line names the session ahead", () => {
    const { act, at, sent, user } = scene("before each session -2h");
    const sessionId = act("thu 14:00");
    at("2026-12-07T09:01:00Z");
    user.read();
    expect(at("2026-12-10T11:00:00Z").started).toBe(1);
    expect(sent()[0]?.sessionId).toBe(sessionId);
    const first = user.read()[0]?.text ?? "";
    expect(first.split("\n")[0]).toBe(t("en", "checkin.intro_before_session", "Thursday 10 December"));
  });

  it.each([
    ["sv", "torsdag 10 december"],
    ["zh", "12月10日星期四"],
  ] as const)("names the day in the client's language (%s)", (locale, day) => {
    const { act, at, user } = scene("after each session +24h", locale);
    act("thu 14:00");
    at("2026-12-07T09:01:00Z");
    user.read();
    at("2026-12-11T13:50:00Z");
    const first = user.read()[0]?.text ?? "";
    expect(first.split("\n")[0]).toBe(t(locale, "checkin.intro_after_session", day));
    expect(first).toContain(day);
  });

  it("a calendar-scheduled check-in is about the latest session that ended, within two weeks", () => {
    const { act, sent, user, h, seeded } = scene(undefined);
    const sessionId = act("thu 14:00");
    h.clock.set("2026-12-12T08:00:00Z"); // Saturday, the session over
    h.engine.startCheckin(seeded.clientId, { idempotencyKey: "manual:1" });
    expect(sent()[0]?.sessionId).toBe(sessionId);
    expect(user.read()[0]?.text.split("\n")[0]).toBe(t("en", "checkin.intro_after_session", "Thursday 10 December"));
    // Three weeks on, the session is too far back to be what the check-in is about.
    h.clock.set("2027-01-02T08:00:00Z");
    h.engine.startCheckin(seeded.clientId, { idempotencyKey: "manual:2" });
    const later = sent().find((o) => o.idempotencyKey === "manual:2");
    expect(later?.sessionId).toBeNull();
    expect(user.read().at(-1)?.text.split("\n")[0]).toBe(t("en", "checkin.intro"));
  });

  it("a session that was cancelled or has not ended yet is not what a check-in is about", () => {
    const { act, sent, user, h, seeded } = scene(undefined);
    act("thu 14:00");
    act("cancel thu");
    act("fri 14:00");
    h.clock.set("2026-12-11T13:20:00Z"); // Friday's session still under way
    h.engine.startCheckin(seeded.clientId, { idempotencyKey: "manual:1" });
    expect(sent()[0]?.sessionId).toBeNull();
    expect(user.read().at(-1)?.text.split("\n")[0]).toBe(t("en", "checkin.intro"));
  });
});
