/**
 * The arithmetic of check-ins timed to sessions (the scheduler does not use it yet): each rule form,
 * what is refused, slots in local time across a DST change, cancelled and missed sessions giving no
 * slot, a moved session keeping its key, and "halfway" needing a next session.
 */
import { describe, expect, it } from "vitest";
import {
  nextSessionSlot,
  parseSessionRule,
  type RuleSession,
  sessionSlotKey,
  slotsOf,
} from "../../src/schedule/session-rules.js";

const zone = "Europe/Stockholm";
const session = (id: number, startsAt: string, status: RuleSession["status"] = "planned"): RuleSession => ({
  id,
  startsAt: new Date(startsAt),
  durationMinutes: 50,
  status,
});

describe("session rules", () => {
  it("reads the three forms and refuses anything else", () => {
    expect(parseSessionRule("after each session +24h")).toEqual({ kind: "after", minutes: 1440 });
    expect(parseSessionRule("After each session +90m")).toEqual({ kind: "after", minutes: 90 });
    expect(parseSessionRule("before each session -2h")).toEqual({ kind: "before", minutes: 120 });
    expect(parseSessionRule("before each session -1d at 18:00")).toEqual({ kind: "before-at", days: 1, time: "18:00" });
    expect(parseSessionRule("halfway between sessions")).toEqual({ kind: "halfway" });
    for (const bad of [
      "after each session -24h",
      "before each session +1d at 18:00",
      "after each session +0h",
      "after each session",
      "before each session -1d at 25:00",
      "after every session +24h",
      "halfway",
      "daily at 18:00",
    ]) {
      expect(parseSessionRule(bad), bad).toBeUndefined();
    }
  });

  it("puts each slot relative to its session, in local time across the DST change", () => {
    const sessions = [session(1, "2027-03-25T13:00:00Z"), session(2, "2027-04-01T12:00:00Z")];
    const after = slotsOf({ kind: "after", minutes: 24 * 60 }, sessions, zone);
    expect(after.map((s) => [s.sessionId, s.at.toISOString()])).toEqual([
      [1, "2027-03-26T13:50:00.000Z"],
      [2, "2027-04-02T12:50:00.000Z"],
    ]);
    // 18:00 the day before: UTC+1 before 28 March, UTC+2 after.
    const before = slotsOf({ kind: "before-at", days: 1, time: "18:00" }, sessions, zone);
    expect(before.map((s) => s.at.toISOString())).toEqual(["2027-03-24T17:00:00.000Z", "2027-03-31T16:00:00.000Z"]);
  });

  it("gives no slot for a cancelled or missed session, and halfway only towards a next session", () => {
    const sessions = [
      session(1, "2026-12-03T13:00:00Z", "held"),
      session(2, "2026-12-10T13:00:00Z", "cancelled"),
      session(3, "2026-12-17T13:00:00Z"),
      session(4, "2026-12-24T13:00:00Z", "no_show"),
    ];
    expect(slotsOf({ kind: "after", minutes: 60 }, sessions, zone).map((s) => s.sessionId)).toEqual([1, 3]);
    const halfway = slotsOf({ kind: "halfway" }, sessions, zone);
    // From the end of the 3rd (13:50) to the start of the 17th (13:00): 6 days 23 h 10 min, halved.
    expect(halfway).toEqual([{ sessionId: 1, at: new Date("2026-12-10T13:25:00.000Z") }]);
  });

  it("finds the next slot, and keeps a moved session's key", () => {
    const sessions = [session(1, "2026-12-10T13:00:00Z"), session(2, "2026-12-17T13:00:00Z")];
    const rule = { kind: "before" as const, minutes: 120 };
    expect(nextSessionSlot(rule, sessions, zone, new Date("2026-12-10T12:00:00Z"))?.sessionId).toBe(2);
    const moved = [
      { ...sessions[0], startsAt: new Date("2026-12-11T09:00:00Z") } as RuleSession,
      sessions[1] as RuleSession,
    ];
    const slot = nextSessionSlot(rule, moved, zone, new Date("2026-12-10T12:00:00Z"));
    expect(slot).toEqual({ sessionId: 1, at: new Date("2026-12-11T07:00:00.000Z") });
    expect(sessionSlotKey(7, slot?.sessionId ?? 0, 3)).toBe(sessionSlotKey(7, 1, 3));
  });

  it("gives no day-before slot that would fall after the session itself", () => {
    const early = [session(1, "2026-12-10T06:00:00Z")];
    expect(slotsOf({ kind: "before-at", days: 0, time: "18:00" }, early, zone)).toEqual([]);
  });
});
