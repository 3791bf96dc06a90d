/**
 * Times of day say which part is wrong ("hour 25 is not between 0 and 23"), and accept exactly the
 * times the stored settings accept.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clockTimeProblem, clockTimeSchema, quietHoursSchema } from "../../src/i18n/clock-time.js";

describe("clock times", () => {
  it.each([
    ["08:00", undefined],
    ["23:59", undefined],
    ["25:00", "hour 25 is not between 0 and 23"],
    ["24:00", "hour 24 is not between 0 and 23"],
    ["12:60", "minute 60 is not between 0 and 59"],
    ["8:00", 'must be a 24-hour time "HH:MM" such as 08:00'],
    ["8 am", 'must be a 24-hour time "HH:MM" such as 08:00'],
  ])("%j", (text, problem) => {
    expect(clockTimeProblem(text)).toBe(problem);
  });

  it('accepts a one-digit hour where a spec allows it ("daily at 9:05")', () => {
    expect(clockTimeProblem("9:05", { padded: false })).toBeUndefined();
    expect(clockTimeProblem("29:05", { padded: false })).toBe("hour 29 is not between 0 and 23");
  });

  it("accepts exactly what the settings' HH:MM pattern accepts", () => {
    const settingsPattern = /^([01]\d|2[0-3]):[0-5]\d$/;
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 6 }), fc.stringMatching(/^\d{1,3}:\d{1,3}$/)), (text) => {
        expect(clockTimeSchema.safeParse(text).success).toBe(settingsPattern.test(text));
      }),
    );
  });

  it("names the wrong end of quiet hours", () => {
    const problem = (text: string) => quietHoursSchema.safeParse(text).error?.issues.map((i) => i.message);
    expect(problem("22:00-08:00")).toBeUndefined();
    expect(problem("22:00-24:30")).toEqual(['hour 24 is not between 0 and 23 (in "24:30")']);
    expect(problem("22:00-8:00")).toEqual(['must be "HH:MM-HH:MM" such as 22:00-08:00']);
    expect(problem("22:00")).toEqual(['must be "HH:MM-HH:MM" such as 22:00-08:00']);
  });
});
