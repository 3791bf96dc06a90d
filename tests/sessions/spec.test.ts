/**
 * The words after an alias that plan sessions: each form read into its action, and everything else
 * refused (the caller then shows the usage and changes nothing).
 */
import { describe, expect, it } from "vitest";
import { parseSessionAction, sessionActionSchema } from "../../src/sessions/spec.js";

describe("parseSessionAction", () => {
  it("reads one session on a weekday or a date, with an optional length", () => {
    expect(parseSessionAction("thu 14:00")).toEqual({ kind: "one-off", day: { weekday: 4 }, time: "14:00" });
    expect(parseSessionAction("Thursday 9:30 90m")).toEqual({
      kind: "one-off",
      day: { weekday: 4 },
      time: "09:30",
      minutes: 90,
    });
    expect(parseSessionAction("2026-12-10 14:00 45 min")).toEqual({
      kind: "one-off",
      day: { date: "2026-12-10" },
      time: "14:00",
      minutes: 45,
    });
  });

  it("reads weekly appointments, cancellations, no-shows and the end of the appointments", () => {
    expect(parseSessionAction("every mon 08:15")).toEqual({ kind: "series", weekday: 1, time: "08:15" });
    expect(parseSessionAction("cancel 2026-12-10")).toEqual({ kind: "cancel", day: { date: "2026-12-10" } });
    expect(parseSessionAction("cancel fri")).toEqual({ kind: "cancel", day: { weekday: 5 } });
    expect(parseSessionAction("noshow tue")).toEqual({ kind: "no-show", day: { weekday: 2 } });
    expect(parseSessionAction("stop")).toEqual({ kind: "stop-series" });
  });

  it("refuses what it cannot read exactly", () => {
    for (const bad of [
      "",
      "thu",
      "thu 25:00",
      "thu 14:00 5m",
      "thu 14:00 600m",
      "thu 14:00 soon",
      "every 2026-12-10 14:00",
      "every thu",
      "cancel",
      "cancel thu fri",
      "2026-02-30 14:00",
      "next week",
      "stop now",
    ]) {
      expect(parseSessionAction(bad), bad).toBeUndefined();
    }
  });

  it("is the boundary for chat and CLI words: an action, or an issue naming the forms", () => {
    expect(sessionActionSchema.parse("every thu 14:00")).toEqual({ kind: "series", weekday: 4, time: "14:00" });
    const bad = sessionActionSchema.safeParse("someday");
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/^expected "thu 14:00 \[50m\]"/);
    // Longer than any action: refused before it is read.
    expect(sessionActionSchema.safeParse(`thu 14:00${" ".repeat(200)}`).success).toBe(false);
  });
});
