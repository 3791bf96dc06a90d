/**
 * Slot arithmetic across time zones and DST transitions. Policy: a local time inside a spring-forward
 * gap is sent at the first valid minute after the gap; inside a fall-back overlap it is sent once,
 * at its first occurrence; ordinary days are on time.
 */
import { describe, expect, it } from "vitest";
import type { WallTime } from "../../src/i18n/wall-time.js";
import { nextSlot, outsideQuietHours, type ScheduleRules, sendTimeOf, slotKey } from "../../src/schedule/slots.js";
import { compileSpec } from "../../src/schedule/spec.js";

function rules(spec: string, extra: Partial<ScheduleRules> = {}): ScheduleRules {
  const compiled = compileSpec(spec);
  if ("problem" in compiled) throw new Error(compiled.problem);
  return {
    cron: compiled.cron,
    intervalDays: compiled.intervalDays ?? null,
    anchorDate: null,
    quietStart: null,
    quietEnd: null,
    activeFrom: null,
    activeUntil: null,
    ...extra,
  };
}

const wall = (iso: string): WallTime => {
  const [date, time] = iso.split("T") as [string, string];
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const [hour, minute] = time.split(":").map(Number) as [number, number];
  return { year, month, day, hour, minute };
};

/** The UTC send times of the next `count` slots after `fromLocal`. */
function sends(r: ScheduleRules, zone: string, fromLocal: string, count: number): string[] {
  const out: string[] = [];
  let after = wall(fromLocal);
  for (let i = 0; i < count; i++) {
    const slot = nextSlot(r, after);
    if (!slot) break;
    out.push(`${slotKey(slot)} → ${sendTimeOf(r, slot, 0, zone).toISOString().slice(0, 16)}Z`);
    after = slot;
  }
  return out;
}

describe("DST matrix", () => {
  it("Europe/Stockholm: spring gap shifts forward, autumn overlap sends once", () => {
    expect(sends(rules("daily at 02:30"), "Europe/Stockholm", "2026-03-27T12:00", 3)).toEqual([
      "2026-03-28T02:30 → 2026-03-28T01:30Z",
      "2026-03-29T02:30 → 2026-03-29T01:00Z", // 02:30 does not exist: sent 03:00 CEST
      "2026-03-30T02:30 → 2026-03-30T00:30Z",
    ]);
    expect(sends(rules("daily at 02:30"), "Europe/Stockholm", "2026-10-24T12:00", 2)).toEqual([
      "2026-10-25T02:30 → 2026-10-25T00:30Z", // exists twice: the first one (CEST), once
      "2026-10-26T02:30 → 2026-10-26T01:30Z",
    ]);
  });

  it("America/New_York: spring gap and autumn overlap", () => {
    expect(sends(rules("daily at 02:30"), "America/New_York", "2026-03-07T12:00", 2)).toEqual([
      "2026-03-08T02:30 → 2026-03-08T07:00Z", // 03:00 EDT
      "2026-03-09T02:30 → 2026-03-09T06:30Z",
    ]);
    expect(sends(rules("daily at 01:30"), "America/New_York", "2026-10-31T12:00", 2)).toEqual([
      "2026-11-01T01:30 → 2026-11-01T05:30Z", // first 01:30 (EDT), once
      "2026-11-02T01:30 → 2026-11-02T06:30Z",
    ]);
  });

  it("Asia/Shanghai has no DST: every day on time", () => {
    expect(sends(rules("daily at 02:30"), "Asia/Shanghai", "2026-03-28T12:00", 3)).toEqual([
      "2026-03-29T02:30 → 2026-03-28T18:30Z",
      "2026-03-30T02:30 → 2026-03-29T18:30Z",
      "2026-03-31T02:30 → 2026-03-30T18:30Z",
    ]);
  });

  it("Australia/Lord_Howe: a 30-minute gap and a 30-minute overlap", () => {
    expect(sends(rules("daily at 02:15"), "Australia/Lord_Howe", "2026-10-03T12:00", 2)).toEqual([
      "2026-10-04T02:15 → 2026-10-03T15:30Z", // gap 02:00-02:30: sent 02:30 (+11)
      "2026-10-05T02:15 → 2026-10-04T15:15Z",
    ]);
    expect(sends(rules("daily at 01:45"), "Australia/Lord_Howe", "2026-04-04T12:00", 2)).toEqual([
      "2026-04-05T01:45 → 2026-04-04T14:45Z", // 01:30-02:00 happens twice: the first (+11)
      "2026-04-06T01:45 → 2026-04-05T15:15Z",
    ]);
  });
});

describe("schedule forms", () => {
  it("weekly on chosen days", () => {
    expect(sends(rules("weekly on Mon,Thu at 18:00"), "UTC", "2026-11-22T19:00", 3)).toEqual([
      "2026-11-23T18:00 → 2026-11-23T18:00Z",
      "2026-11-26T18:00 → 2026-11-26T18:00Z",
      "2026-11-30T18:00 → 2026-11-30T18:00Z",
    ]);
  });

  it("every N days counts from the anchor date", () => {
    const r = rules("every 3 days at 09:00", { anchorDate: "2026-11-20" });
    expect(sends(r, "UTC", "2026-11-20T10:00", 2)).toEqual([
      "2026-11-23T09:00 → 2026-11-23T09:00Z",
      "2026-11-26T09:00 → 2026-11-26T09:00Z",
    ]);
  });

  it("honours the active date range", () => {
    const r = rules("daily at 09:00", { activeFrom: "2027-01-10", activeUntil: "2027-01-11" });
    expect(sends(r, "UTC", "2026-11-22T10:00", 5)).toEqual([
      "2027-01-10T09:00 → 2027-01-10T09:00Z",
      "2027-01-11T09:00 → 2027-01-11T09:00Z",
    ]);
  });

  it("moves a send out of quiet hours, wrapping midnight", () => {
    const r = rules("daily at 23:00", { quietStart: "22:00", quietEnd: "08:00" });
    const slot = nextSlot(r, wall("2026-11-22T12:00")) as WallTime;
    expect(slotKey(slot)).toBe("2026-11-22T23:00");
    expect(sendTimeOf(r, slot, 0, "UTC").toISOString()).toBe("2026-11-23T08:00:00.000Z");
    expect(outsideQuietHours(r, wall("2026-11-22T07:59"))).toEqual(wall("2026-11-22T08:00"));
    expect(outsideQuietHours(r, wall("2026-11-22T12:00"))).toEqual(wall("2026-11-22T12:00"));
  });

  it("adds jitter before applying quiet hours", () => {
    const r = rules("daily at 21:50", { quietStart: "22:00", quietEnd: "07:00" });
    const slot = nextSlot(r, wall("2026-11-22T12:00")) as WallTime;
    expect(sendTimeOf(r, slot, 5, "UTC").toISOString()).toBe("2026-11-22T21:55:00.000Z");
    expect(sendTimeOf(r, slot, 15, "UTC").toISOString()).toBe("2026-11-23T07:00:00.000Z");
  });
});

describe("compileSpec", () => {
  it.each([
    ["daily at 9:05", { cron: "5 9 * * *" }],
    ["Weekly on thu, mon at 18:00", { cron: "0 18 * * 1,4" }],
    ["every 2 days at 07:30", { cron: "30 7 * * *", intervalDays: 2 }],
    ["every 1 day at 07:30", { cron: "30 7 * * *" }],
    ["0 18 * * 1-5", { cron: "0 18 * * 1-5" }],
  ])("%j", (spec, compiled) => {
    expect(compileSpec(spec)).toEqual(compiled);
  });

  it.each([
    ["daily at 25:00", "hour 25 is not between 0 and 23"],
    ["weekly on Mon at 18:75", "minute 75 is not between 0 and 59"],
    ["every 2 days at 24:00", "hour 24 is not between 0 and 23"],
    ["0 25 * * *", "cron: hour 25 is not between 0 and 23"],
    ["0 9 32 * *", "cron: day of the month 32 is not between 1 and 31"],
    ["0 9 * * x", 'cron: "x" is not valid in the weekday field'],
  ])("says which part of %j is wrong", (spec, problem) => {
    expect(compileSpec(spec)).toEqual({ problem });
  });

  it.each([["daily at 25:00"], ["weekly on Funday at 10:00"], ["0 25 * * *"], ["every day"], ["*/10 * * * * *"], [""]])(
    "rejects %j with a reason",
    (spec) => {
      const compiled = compileSpec(spec);
      expect("problem" in compiled && compiled.problem.length > 0).toBe(true);
    },
  );
});
