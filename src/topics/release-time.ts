/**
 * When a topic kept for a session is released. "Before the session": the practice's
 * `topicReleaseHoursBefore` hours before it starts when set, else at `topicReleaseTime` on the
 * session's day in the session's zone, but never later than an hour before it starts (a session at
 * 08:30 with the default 08:00 would leave no room). "At the session": the therapist is told how many
 * at that same moment, and the client is reminded of their own list an hour before the session.
 */
import { instantOf } from "../i18n/wall-time.js";
import type { PracticeSettings } from "../practice/settings.js";

/** The client's reminder of their at-session topics, and the latest a before-session release may be. */
export const reminderBeforeMs = 60 * 60_000;

export interface SessionTimes {
  startsAt: Date;
  /** The session's local date "YYYY-MM-DD" in `timezone`. */
  localDate: string;
  timezone: string;
}

export function releaseAt(
  session: SessionTimes,
  settings: Pick<PracticeSettings, "topicReleaseTime" | "topicReleaseHoursBefore">,
): Date {
  const start = session.startsAt.getTime();
  if (settings.topicReleaseHoursBefore !== undefined) {
    return new Date(start - settings.topicReleaseHoursBefore * 60 * 60_000);
  }
  const [year, month, day] = session.localDate.split("-").map(Number) as [number, number, number];
  const [hour, minute] = settings.topicReleaseTime.split(":").map(Number) as [number, number];
  const morning = instantOf({ year, month, day, hour, minute }, session.timezone).getTime();
  return new Date(Math.min(morning, start - reminderBeforeMs));
}

export function reminderAt(session: Pick<SessionTimes, "startsAt">): Date {
  return new Date(session.startsAt.getTime() - reminderBeforeMs);
}
