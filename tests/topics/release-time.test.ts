import { describe, expect, it } from "vitest";
import { releaseAt, reminderAt } from "../../src/topics/release-time.js";

const session = (startsAt: string, localDate: string) => ({
  startsAt: new Date(startsAt),
  localDate,
  timezone: "Europe/Stockholm",
});

describe("when topics are released", () => {
  it("is the practice's morning time on the session's day, in the session's zone", () => {
    expect(releaseAt(session("2026-01-08T13:00:00Z", "2026-01-08"), { topicReleaseTime: "08:00" })).toEqual(
      new Date("2026-01-08T07:00:00Z"),
    );
    // Summer time: 08:00 Stockholm is 06:00 UTC.
    expect(releaseAt(session("2026-06-11T12:00:00Z", "2026-06-11"), { topicReleaseTime: "08:00" })).toEqual(
      new Date("2026-06-11T06:00:00Z"),
    );
  });

  it("is never later than an hour before an early session", () => {
    expect(releaseAt(session("2026-01-08T07:30:00Z", "2026-01-08"), { topicReleaseTime: "08:00" })).toEqual(
      new Date("2026-01-08T06:30:00Z"),
    );
  });

  it("is N hours before when the practice sets hours", () => {
    expect(
      releaseAt(session("2026-01-08T13:00:00Z", "2026-01-08"), {
        topicReleaseTime: "08:00",
        topicReleaseHoursBefore: 3,
      }),
    ).toEqual(new Date("2026-01-08T10:00:00Z"));
  });

  it("reminds the client an hour before the session", () => {
    expect(reminderAt({ startsAt: new Date("2026-01-08T13:00:00Z") })).toEqual(new Date("2026-01-08T12:00:00Z"));
  });
});
