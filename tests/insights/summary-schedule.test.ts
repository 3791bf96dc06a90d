import { describe, expect, it } from "vitest";
import { latestSummaryDue } from "../../src/insights/summary-schedule.js";
import { weekContaining, weekNamed } from "../../src/insights/weeks.js";

const due = (now: string, zone: string, day: Parameters<typeof latestSummaryDue>[2], time: string) => {
  const d = latestSummaryDue(new Date(now), zone, day, time);
  return [d.sendAt.toISOString(), d.week.id];
};

describe("when the weekly summary is due", () => {
  it("on Monday 08:00 local covers last week; a minute earlier, the week before", () => {
    expect(due("2026-11-23T07:00:00Z", "Europe/Stockholm", "monday", "08:00")).toEqual([
      "2026-11-23T07:00:00.000Z",
      "2026-W47",
    ]);
    expect(due("2026-11-23T06:59:00Z", "Europe/Stockholm", "monday", "08:00")).toEqual([
      "2026-11-16T07:00:00.000Z",
      "2026-W46",
    ]);
  });

  it("a Sunday-evening summary covers the week that is ending", () => {
    expect(due("2026-11-22T19:30:00Z", "Europe/Stockholm", "sunday", "20:00")).toEqual([
      "2026-11-22T19:00:00.000Z",
      "2026-W47",
    ]);
  });

  it("keeps local time across a DST change (Stockholm moves to winter time on 25 October 2026)", () => {
    expect(due("2026-10-26T07:00:00Z", "Europe/Stockholm", "monday", "08:00")).toEqual([
      "2026-10-26T07:00:00.000Z",
      "2026-W43",
    ]);
    expect(due("2026-10-19T06:00:00Z", "Europe/Stockholm", "monday", "08:00")).toEqual([
      "2026-10-19T06:00:00.000Z",
      "2026-W42",
    ]);
  });

  it("uses the therapist's own zone: Monday 08:00 in Shanghai is Sunday night in Stockholm", () => {
    expect(due("2026-11-23T00:00:00Z", "Asia/Shanghai", "monday", "08:00")).toEqual([
      "2026-11-23T00:00:00.000Z",
      "2026-W47",
    ]);
  });
});

describe("ISO weeks", () => {
  it("names weeks across a year boundary and refuses weeks that do not exist", () => {
    expect(weekContaining(new Date("2027-01-01T12:00:00Z"), "UTC").id).toBe("2026-W53");
    expect(weekNamed("2026-W53", "UTC")?.mondayDate).toBe("2026-12-28");
    expect(weekNamed("2025-W53", "UTC")).toBeUndefined();
    expect(weekNamed("2026-W00", "UTC")).toBeUndefined();
  });

  it("starts a week at local midnight", () => {
    const week = weekNamed("2026-W47", "Europe/Stockholm");
    expect(week?.start.toISOString()).toBe("2026-11-15T23:00:00.000Z");
    expect(week?.end.toISOString()).toBe("2026-11-22T23:00:00.000Z");
  });
});
