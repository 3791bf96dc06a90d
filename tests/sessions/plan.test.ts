/**
 * Planning sessions on the fake clock, in the client's zone (Europe/Stockholm, the seeded practice's):
 * one-offs and their moves, weekly appointments expanded ahead and across a DST change, cancelling,
 * no-shows, stopping a series, and the tick taking ended sessions as held. Every change is audited.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getClient } from "../../src/db/repos/people.js";
import { auditLog, sessions } from "../../src/db/schema.js";
import { applySessionAction, seriesHorizonDays } from "../../src/sessions/plan.js";
import { sessionsTick } from "../../src/sessions/sessions-job.js";
import { parseSessionAction } from "../../src/sessions/spec.js";
import { createHarness, seedPractice } from "../helpers/harness.js";

function scene(start = "2026-12-07T09:00:00Z") {
  const h = createHarness();
  h.clock.set(start);
  const seeded = seedPractice(h, { alias: "Oak-7" });
  const db = h.handle.db;
  const act = (words: string) => {
    const action = parseSessionAction(words);
    if (!action) throw new Error(`not an action: ${words}`);
    const client = getClient(db, seeded.clientId);
    if (!client) throw new Error("no client");
    return applySessionAction(db, client, action, { source: "chat", actor: "therapist:1", now: h.clock.now() });
  };
  const all = () => db.select().from(sessions).where(eq(sessions.clientId, seeded.clientId)).all();
  return { h, db, seeded, act, all };
}

describe("planning sessions", () => {
  it("plans the next Thursday at a local time, and moves it when the same day is planned again", () => {
    // Monday 7 December 2026, 10:00 in Stockholm.
    const { act, all, db } = scene();
    const planned = act("thu 14:00");
    expect(planned).toMatchObject({ status: "planned", session: { localDate: "2026-12-10", localTime: "14:00" } });
    // 14:00 in Stockholm in winter is 13:00 UTC.
    expect(all()[0]?.startsAt.toISOString()).toBe("2026-12-10T13:00:00.000Z");
    expect(all()[0]?.durationMinutes).toBe(50);
    const moved = act("thu 15:30 90m");
    expect(moved).toMatchObject({ status: "moved", session: { localTime: "15:30", durationMinutes: 90 } });
    expect(all()).toHaveLength(1);
    const actions = db
      .select()
      .from(auditLog)
      .all()
      .map((row) => row.action);
    expect(actions).toEqual(expect.arrayContaining(["session.planned", "session.moved"]));
  });

  it("takes today when the time is still ahead, next week when it has passed, and refuses a past date", () => {
    const { act } = scene("2026-12-10T12:00:00Z"); // Thursday 13:00 in Stockholm
    expect(act("thu 14:00")).toMatchObject({ session: { localDate: "2026-12-10" } });
    expect(act("thu 12:00")).toMatchObject({ session: { localDate: "2026-12-17" } });
    expect(act("2026-12-01 14:00")).toEqual({ status: "in_past" });
  });

  it("expands a weekly appointment to the horizon in local time across the DST change", () => {
    const { act, all } = scene("2027-03-01T09:00:00Z");
    const result = act("every thu 14:00");
    expect(result).toMatchObject({ status: "series", first: { localDate: "2027-03-04" } });
    const rows = all();
    // Every Thursday from 4 March up to Monday 1 March plus the horizon (26 April): eight of them.
    expect(seriesHorizonDays).toBe(56);
    expect(rows.map((r) => r.localDate)).toEqual([
      "2027-03-04",
      "2027-03-11",
      "2027-03-18",
      "2027-03-25",
      "2027-04-01",
      "2027-04-08",
      "2027-04-15",
      "2027-04-22",
    ]);
    // Before 28 March Stockholm is UTC+1, after it UTC+2: the local time stays 14:00.
    expect(rows.find((r) => r.localDate === "2027-03-25")?.startsAt.toISOString()).toBe("2027-03-25T13:00:00.000Z");
    expect(rows.find((r) => r.localDate === "2027-04-01")?.startsAt.toISOString()).toBe("2027-04-01T12:00:00.000Z");
    expect(new Set(rows.map((r) => r.localTime))).toEqual(new Set(["14:00"]));
  });

  it("places a session in a spring-forward gap at the first minute after it, as schedules do", () => {
    const { act } = scene("2027-03-22T09:00:00Z");
    // 28 March 2027, 02:30 does not exist in Stockholm; 03:00 local is 01:00 UTC.
    expect(act("2027-03-28 02:30")).toMatchObject({
      status: "planned",
      session: { startsAt: new Date("2027-03-28T01:00:00.000Z") },
    });
  });

  it("keeps the series expanded as time passes, without bringing back a cancelled session", () => {
    const { h, db, act, all } = scene();
    act("every thu 14:00");
    expect(act("cancel 2026-12-17")).toMatchObject({ status: "cancelled" });
    h.clock.advance(21 * 86_400_000);
    const report = sessionsTick(db, h.clock.now());
    expect(report.expanded).toBe(3);
    const rows = all();
    expect(rows.find((r) => r.localDate === "2026-12-17")?.status).toBe("cancelled");
    expect(new Set(rows.map((r) => r.localDate)).size).toBe(rows.length);
    // Another tick at the same time changes nothing.
    expect(sessionsTick(db, h.clock.now())).toEqual({ expanded: 0, held: 0 });
  });

  it("takes ended sessions as held, lets the therapist mark a no-show, and not one ahead", () => {
    const { h, db, act, all } = scene();
    act("thu 14:00");
    expect(act("noshow thu")).toEqual({ status: "none" });
    h.clock.set("2026-12-10T13:20:00Z"); // the session has started, not ended
    expect(sessionsTick(db, h.clock.now()).held).toBe(0);
    h.clock.set("2026-12-10T14:00:00Z");
    expect(sessionsTick(db, h.clock.now()).held).toBe(1);
    expect(all()[0]?.status).toBe("held");
    expect(act("noshow 2026-12-10")).toMatchObject({ status: "no_show" });
    expect(all()[0]?.status).toBe("no_show");
  });

  it("says a no-show is not yet possible for a session later today", () => {
    const { h, act } = scene();
    act("thu 14:00");
    h.clock.set("2026-12-10T09:00:00Z");
    expect(act("noshow thu")).toEqual({ status: "not_yet" });
  });

  it("stops the weekly appointments and cancels their sessions still ahead", () => {
    const { act, all } = scene();
    act("every tue 10:00");
    expect(act("stop")).toMatchObject({ status: "series_stopped", series: 1 });
    expect(new Set(all().map((r) => r.status))).toEqual(new Set(["cancelled"]));
    expect(act("stop")).toEqual({ status: "none" });
  });
});
