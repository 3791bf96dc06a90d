/**
 * When a therapist's weekly summary is due, and which week it covers. The practice picks a weekday and
 * a local time (default Monday 08:00); the week covered is the ISO week containing the day before the
 * send time: Monday morning's summary covers last week, a Sunday-evening one covers the week ending.
 */
import { DateTime } from "luxon";
import { type Weekday, weekdays } from "../practice/settings.js";
import { type Week, weekContaining } from "./weeks.js";

export interface SummaryDue {
  /** When it was (or is) due: the latest send time not after `now`. */
  sendAt: Date;
  week: Week;
}

/** The latest send time at or before `now`, and the week it covers. */
export function latestSummaryDue(now: Date, zone: string, day: Weekday, time: string): SummaryDue {
  const [hour, minute] = time.split(":").map(Number) as [number, number];
  const local = DateTime.fromJSDate(now, { zone });
  let sendAt = local
    .startOf("week")
    .plus({ days: weekdays.indexOf(day) })
    .set({ hour, minute, second: 0, millisecond: 0 });
  if (sendAt > local) sendAt = sendAt.minus({ weeks: 1 }).set({ hour, minute });
  return { sendAt: sendAt.toJSDate(), week: weekContaining(sendAt.minus({ days: 1 }).toJSDate(), zone) };
}
