/**
 * The stored summaryTime is checked by the one clock-time rule (src/i18n/clock-time.ts), so
 * `practice set`, practice.yaml and `schedule set` all say the same thing about a wrong time.
 */
import { describe, expect, it } from "vitest";
import { clockTimeProblem } from "../../src/i18n/clock-time.js";
import { practiceSettingsSchema } from "../../src/practice/settings.js";

const problemWith = (summaryTime: string) =>
  practiceSettingsSchema.safeParse({ summaryTime }).error?.issues.map((issue) => issue.message);

describe("practice settings: summaryTime", () => {
  it("keeps the stored form HH:MM and words a wrong time as the clock-time rule does", () => {
    for (const good of ["00:00", "08:00", "23:59"]) expect(problemWith(good), good).toBeUndefined();
    for (const bad of ["25:00", "24:00", "08:60", "8:00", "8 am", ""]) {
      expect(problemWith(bad), bad).toEqual([clockTimeProblem(bad)]);
    }
    expect(problemWith("25:00")).toEqual(["hour 25 is not between 0 and 23"]);
  });
});

describe("practice settings: topics", () => {
  it("defaults to before the session, at 08:00 on the session's day", () => {
    const settings = practiceSettingsSchema.parse({});
    expect([settings.topicRelease, settings.topicReleaseTime, settings.topicReleaseHoursBefore]).toEqual([
      "before_session",
      "08:00",
      undefined,
    ]);
  });

  it("refuses a release that does not exist, a wrong time, and hours out of range", () => {
    expect(practiceSettingsSchema.safeParse({ topicRelease: "always" }).success).toBe(false);
    expect(practiceSettingsSchema.safeParse({ topicReleaseTime: "8 am" }).success).toBe(false);
    for (const hours of [0, 73, 1.5]) {
      expect(practiceSettingsSchema.safeParse({ topicReleaseHoursBefore: hours }).success, String(hours)).toBe(false);
    }
  });
});
