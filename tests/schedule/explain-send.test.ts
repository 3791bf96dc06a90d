/**
 * `explainSend` gives the reasons a send moved, and always the same send time as `sendTimeOf`.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { explainSend } from "../../src/schedule/explain-send.js";
import { type ScheduleRules, sendTimeOf } from "../../src/schedule/slots.js";

const base: ScheduleRules = {
  cron: "0 18 * * *",
  intervalDays: null,
  anchorDate: null,
  quietStart: "22:00",
  quietEnd: "08:00",
  activeFrom: null,
  activeUntil: null,
};
const at = (year: number, month: number, day: number, hour: number, minute: number) => ({
  year,
  month,
  day,
  hour,
  minute,
});

describe("explainSend", () => {
  it("a send on the dot has no reasons", () => {
    const sent = explainSend(base, at(2026, 12, 4, 18, 0), 0, "Europe/Stockholm");
    expect(sent).toEqual({
      slot: at(2026, 12, 4, 18, 0),
      sendAt: new Date("2026-12-04T17:00:00Z"),
      reasons: [],
      moves: [],
    });
  });

  it("names quiet hours, including a window that wraps midnight, and the delay drawn", () => {
    expect(explainSend(base, at(2026, 12, 4, 23, 0), 0, "Europe/Stockholm")).toMatchObject({
      sendAt: new Date("2026-12-05T07:00:00Z"),
      reasons: ["inside quiet hours 22:00–08:00"],
    });
    expect(explainSend(base, at(2026, 12, 4, 21, 50), 20, "Europe/Stockholm")).toMatchObject({
      sendAt: new Date("2026-12-05T07:00:00Z"),
      reasons: ["random delay of 20 min drawn for this send", "inside quiet hours 22:00–08:00"],
      moves: [
        { kind: "delay", minutes: 20 },
        { kind: "quiet", start: "22:00", end: "08:00" },
      ],
    });
  });

  it("names the spring-forward gap", () => {
    const noQuiet = { ...base, quietStart: null, quietEnd: null };
    expect(explainSend(noQuiet, at(2026, 3, 29, 2, 30), 0, "Europe/Stockholm")).toMatchObject({
      sendAt: new Date("2026-03-29T01:00:00Z"),
      reasons: [
        "02:30 does not exist on 2026-03-29 in Europe/Stockholm (the clocks go forward); sent at the first minute after",
      ],
      moves: [{ kind: "clock_gap", time: "02:30", date: "2026-03-29" }],
    });
  });

  it("always agrees with sendTimeOf", () => {
    const hhmm = fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
      .map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`);
    fc.assert(
      fc.property(
        fc.option(fc.tuple(hhmm, hhmm), { nil: undefined }),
        fc.date({ min: new Date("2026-01-01T00:00:00Z"), max: new Date("2027-12-31T00:00:00Z"), noInvalidDate: true }),
        fc.integer({ min: 0, max: 720 }),
        fc.constantFrom("Europe/Stockholm", "America/New_York", "Australia/Lord_Howe", "Asia/Shanghai", "UTC"),
        (quiet, day, jitter, zone) => {
          const rules = { ...base, quietStart: quiet?.[0] ?? null, quietEnd: quiet?.[1] ?? null };
          const slot = at(
            day.getUTCFullYear(),
            day.getUTCMonth() + 1,
            day.getUTCDate(),
            day.getUTCHours(),
            day.getUTCMinutes(),
          );
          expect(explainSend(rules, slot, jitter, zone).sendAt).toEqual(sendTimeOf(rules, slot, jitter, zone));
        },
      ),
      { numRuns: 300 },
    );
  });
});
