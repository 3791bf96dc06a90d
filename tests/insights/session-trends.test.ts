/**
 * Trends per session: a client whose recent check-ins are about sessions gets arrows and sparklines
 * over their last four sessions (one block per session, oldest first), however the sessions fall in
 * calendar weeks; a client without sessions keeps the weekly ones; and the mixed cases follow the rule
 * in src/insights/session-trends.ts.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { ClientWeek, WeeklySummary } from "../../src/insights/weekly-summary.js";
import { type Caseload, caseload } from "../helpers/caseload.js";
import { day, recordCheckin } from "../helpers/history.js";
import { w47Summary } from "./scene.js";
import { sessionsWithCheckins, sessionWithCheckin } from "./session-scene.js";

/** A check-in about no session at `at`, bond `bond` and 4 for the rest. */
const plain = (c: Caseload, id: number, at: Date, bond: number) => recordCheckin(c.handle.db, id, at, [4, bond, 4, 4]);

/** Sessions on Thursday 29 October (bond 1), then 9, 12, 16 and 19 November (bond 3, 3, 5, 2). */
const fiveSessions = { "2026-10-29": 1, "2026-11-09": 3, "2026-11-12": 3, "2026-11-16": 5, "2026-11-19": 2 };

describe("trends per session", () => {
  let summary: WeeklySummary;
  const client = (alias: string): ClientWeek =>
    summary.clients.find((c) => c.alias === alias) ?? expect.fail(`${alias} missing`);

  beforeAll(() => {
    const c = caseload();
    const sessions = c.addClient("Sessions");
    sessionsWithCheckins(c, sessions, fiveSessions);
    // The same answers at the same times (the morning after each session), about no session.
    const untied = c.addClient("Untied");
    for (const [date, bond] of Object.entries(fiveSessions)) plain(c, untied, day(date, 1), bond);

    const weekly = c.addClient("Weekly");
    plain(c, weekly, day("2026-11-02", 0), 4);
    plain(c, weekly, day("2026-11-09", 0), 4);
    plain(c, weekly, day("2026-11-16", 0), 2);

    // Weekly check-ins about no session from 7 September, then sessions.
    const mixed = c.addClient("Mixed");
    for (let d = 0; d < 70; d += 7) plain(c, mixed, day("2026-09-07", d), 4);
    sessionsWithCheckins(c, mixed, { "2026-11-12": 4, "2026-11-19": 4 });
    plain(c, mixed, day("2026-11-21", 0), 1);

    const oneSession = c.addClient("OneSession");
    for (let d = 0; d < 77; d += 7) plain(c, oneSession, day("2026-09-07", d), 4);
    sessionWithCheckin(c, oneSession, "2026-11-19", 2);

    const lapsed = c.addClient("Lapsed");
    sessionsWithCheckins(c, lapsed, { "2026-09-03": 5, "2026-09-10": 5 });
    for (let d = 0; d < 28; d += 7) plain(c, lapsed, day("2026-10-26", d), 3);

    const unanswered = c.addClient("Unanswered");
    sessionsWithCheckins(c, unanswered, { "2026-11-05": 4, "2026-11-12": 4, "2026-11-19": undefined });

    summary = w47Summary(c);
  });

  it("reads the last four sessions, not the weeks: a drop in the last session is ↓ within two weeks", () => {
    const sessions = client("Sessions");
    expect(sessions.trendBasis).toBe("sessions");
    expect(sessions.trendSessions).toEqual(
      Object.keys(fiveSessions)
        .slice(1)
        .map((date) => day(date, 0, 13)),
    );
    expect(sessions.trends.bond).toEqual({ values: [3, 3, 5, 2], arrow: "↓", sparkline: "▅▅█▃" });
    expect(sessions.trends.safety).toEqual({ values: [4, 4, 4, 4], arrow: "→", sparkline: "▆▆▆▆" });
    // Over weeks the same answers read as a rise (this week's mean 3.5 against 1 and 3 before).
    const untied = client("Untied");
    expect(untied.trendBasis).toBe("weeks");
    expect(untied.trends.bond).toEqual({ values: [1, null, 3, 3.5], arrow: "↑", sparkline: "▁·▅▅" });
  });

  it("keeps the weekly trend for a client without sessions", () => {
    const weekly = client("Weekly");
    expect(weekly.trendBasis).toBe("weeks");
    expect(weekly.trendSessions).toEqual([]);
    expect(weekly.trends.bond).toEqual({ values: [null, 4, 4, 2], arrow: "↓", sparkline: "·▆▆▃" });
  });

  it("leaves check-ins about no session out of a per-session trend", () => {
    const mixed = client("Mixed");
    expect(mixed.trendBasis).toBe("sessions");
    expect(mixed.trends.bond).toEqual({ values: [4, 4], arrow: "→", sparkline: "▆▆" });
    // The check-in about no session still counts elsewhere: it is the latest, and it is flagged.
    expect(mixed.latest?.dimensions.bond).toBe(1);
    expect(mixed.flags.map((f) => f.kind)).toContain("low");
  });

  it("stays weekly while only one session has answers", () => {
    const one = client("OneSession");
    expect(one.trendBasis).toBe("weeks");
    expect(one.trends.bond).toEqual({ values: [4, 4, 4, 3], arrow: "↓", sparkline: "▆▆▆▅" });
  });

  it("goes back to weeks when no check-in of the trend's weeks is about a session", () => {
    const lapsed = client("Lapsed");
    expect(lapsed.trendBasis).toBe("weeks");
    expect(lapsed.trends.bond?.values).toEqual([3, 3, 3, 3]);
  });

  it("shows a session whose check-in reached the client and went unanswered as ·", () => {
    const unanswered = client("Unanswered");
    expect(unanswered.trendBasis).toBe("sessions");
    expect(unanswered.trendSessions).toHaveLength(3);
    expect(unanswered.trends.bond).toEqual({ values: [4, 4, null], arrow: "→", sparkline: "▆▆·" });
  });
});
