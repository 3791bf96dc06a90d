/**
 * Check-ins timed to sessions, end to end on the fake clock: a schedule "after each session +24h"
 * sends one check-in a day after the session ends, under the key (client, session, rule), once however
 * often the tick runs; a cancelled session takes its check-in with it; a moved session moves it and is
 * still sent once; the other forms place their slots as stated; cron schedules are untouched by
 * session changes.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { setSchedule } from "../../src/db/repos/schedules.js";
import { occurrences } from "../../src/db/schema.js";
import { scheduleInputSchema } from "../../src/schedule/spec.js";
import { enrolledClient } from "../helpers/enrolled.js";
import { createHarness, schedulerOn } from "../helpers/harness.js";
import { sessionPlanner } from "../helpers/sessions.js";

function scene(spec: string) {
  const h = createHarness();
  h.clock.set("2026-12-07T09:00:00Z"); // Monday, 10:00 in Stockholm
  const { seeded } = enrolledClient(h);
  const db = h.handle.db;
  const schedule = setSchedule(
    db,
    { practiceId: seeded.practiceId, clientId: seeded.clientId },
    scheduleInputSchema.parse({ spec }),
    h.clock.now(),
    "2026-12-07",
  );
  const act = sessionPlanner(h, seeded.clientId);
  const scheduler = schedulerOn(db, h.clock);
  const started = () =>
    db
      .select()
      .from(occurrences)
      .where(eq(occurrences.clientId, seeded.clientId))
      .all()
      .filter((o) => o.status !== "missed");
  const at = (iso: string) => {
    h.clock.set(iso);
    return scheduler.tick();
  };
  return { h, seeded, schedule, act, started, at };
}

describe("check-ins timed to sessions", () => {
  it("sends one check-in a day after the session ends, once however often the tick runs", () => {
    const { act, started, at, seeded, schedule } = scene("after each session +24h");
    const planned = act("thu 14:00"); // 13:00–13:50 UTC on Thursday 10 December
    at("2026-12-07T09:01:00Z");
    at("2026-12-11T13:49:00Z");
    expect(started()).toEqual([]);
    expect(at("2026-12-11T13:50:00Z").started).toBe(1);
    at("2026-12-11T13:51:00Z");
    at("2026-12-12T09:00:00Z");
    const sessionId = planned.status === "planned" ? planned.session.id : 0;
    expect(started().map((o) => o.idempotencyKey)).toEqual([`session:${seeded.clientId}:${sessionId}:${schedule.id}`]);
  });

  it("lets a cancelled session take its check-in with it", () => {
    const { act, started, at } = scene("after each session +24h");
    act("thu 14:00");
    at("2026-12-07T09:01:00Z");
    act("cancel thu");
    at("2026-12-11T13:50:00Z");
    at("2026-12-12T13:50:00Z");
    expect(started()).toEqual([]);
  });

  it("moves the check-in with a moved session, and still sends it once", () => {
    const { act, started, at } = scene("before each session -2h");
    act("thu 14:00");
    at("2026-12-07T09:01:00Z");
    act("thu 17:00"); // the same day: the session moves to 16:00 UTC, its check-in to 14:00 UTC
    expect(at("2026-12-10T11:00:00Z").started).toBe(0);
    expect(at("2026-12-10T14:00:00Z").started).toBe(1);
    // Moved again after its check-in went out: the same session, the same key, nothing more.
    act("thu 18:00");
    at("2026-12-10T15:00:00Z");
    at("2026-12-10T16:00:00Z");
    expect(started()).toHaveLength(1);
  });

  it("moves a slot in quiet hours to their end", () => {
    const h = scene("halfway between sessions");
    h.h.handle.sqlite.exec("UPDATE schedules SET quiet_start = '22:00', quiet_end = '08:00'");
    h.act("every thu 14:00");
    h.at("2026-12-07T09:01:00Z");
    // Halfway falls at 02:25 in Stockholm, inside 22:00–08:00: sent at 08:00 local, 07:00 UTC.
    expect(h.at("2026-12-14T06:59:00Z").started).toBe(0);
    expect(h.at("2026-12-14T07:00:00Z").started).toBe(1);
  });

  it("places the day-before and halfway forms as stated", () => {
    const before = scene("before each session -1d at 18:00");
    before.act("thu 14:00");
    before.at("2026-12-07T09:01:00Z");
    expect(before.at("2026-12-09T16:59:00Z").started).toBe(0);
    expect(before.at("2026-12-09T17:00:00Z").started).toBe(1);

    const halfway = scene("halfway between sessions");
    halfway.act("every thu 14:00");
    halfway.at("2026-12-07T09:01:00Z");
    // From 13:50 UTC on the 10th to 13:00 UTC on the 17th (6 days 23 h 10 min): halfway is 01:25 UTC
    // on the 14th, in the night; a practice adds quiet hours to move it to the morning.
    expect(halfway.at("2026-12-14T01:24:00Z").started).toBe(0);
    expect(halfway.at("2026-12-14T01:25:00Z").started).toBe(1);
  });

  it("leaves a cron schedule's slot alone when sessions change in the minute it is due", () => {
    const { act, started, at } = scene("daily at 18:00");
    at("2026-12-07T09:01:00Z");
    // 18:00 in Stockholm is 17:00 UTC; a session planned in that same minute must not drop the slot.
    at("2026-12-07T16:59:00Z");
    act("thu 14:00");
    expect(at("2026-12-07T17:00:00Z").started).toBe(1);
    expect(started()).toHaveLength(1);
  });
});
