/**
 * The one way a time is shown to a person: their zone, to the minute, with the zone named.
 */
import { describe, expect, it } from "vitest";
import { formatLocalTime } from "../../src/i18n/local-time.js";

describe("formatLocalTime", () => {
  it("shows the instant in the zone given, to the minute, naming the zone", () => {
    const at = new Date("2026-12-04T20:30:59.999Z");
    expect(formatLocalTime(at, "Europe/Stockholm")).toBe("2026-12-04 21:30 Europe/Stockholm");
    expect(formatLocalTime(at, "Asia/Shanghai")).toBe("2026-12-05 04:30 Asia/Shanghai");
    expect(formatLocalTime(at, "UTC")).toBe("2026-12-04 20:30 UTC");
  });

  it("follows summer time", () => {
    expect(formatLocalTime(new Date("2026-07-01T08:00:00Z"), "Europe/Stockholm")).toBe(
      "2026-07-01 10:00 Europe/Stockholm",
    );
  });

  it("can lead with the weekday, for schedules", () => {
    expect(formatLocalTime(new Date("2026-12-04T20:30:00Z"), "Europe/Stockholm", { weekday: true })).toBe(
      "Fri 2026-12-04 21:30 Europe/Stockholm",
    );
  });

  it("can show the time of day alone, for a send moved within the day", () => {
    expect(formatLocalTime(new Date("2026-12-04T20:30:00Z"), "Europe/Stockholm", { timeOnly: true })).toBe(
      "21:30 Europe/Stockholm",
    );
  });

  it("falls back to UTC, and says so, for a zone this Node does not know", () => {
    expect(formatLocalTime(new Date("2026-12-04T20:30:00Z"), "Mars/Olympus")).toBe("2026-12-04 20:30 UTC");
  });
});
