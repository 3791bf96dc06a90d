/**
 * When the demo's synthetic sessions and check-ins happened: weekly, at the same local time, ending
 * at the latest session whose check-in could have been answered (or have expired) by `now`. Counted
 * in the practice's zone with luxon, so the local time stays put across a DST change.
 */
import { DateTime } from "luxon";

export const demoSessionMinutes = 50;
/** The check-in about a session goes out this long after it ends (like an "after each session" rule). */
export const checkinDelayMinutes = 60;
/** A client answers within this long of the check-in arriving. */
export const longestAnswerMinutes = 90;
/** Every check-in of the history lies this far in the past at least, answered or expired. */
const settledMinutes = 5;

export interface Visit {
  /** 0 for the latest session, 1 for the week before, … */
  weeksAgo: number;
  sessionStart: Date;
  localDate: string;
  localTime: string;
  checkinAt: Date;
}

/**
 * The `weeks` weekly visits up to now, oldest first. `outcomeMinutes` is how long after the check-in
 * its outcome is settled (answered, or expired): the latest visit is the last one settled by now.
 */
export function weeklyVisits(
  now: Date,
  zone: string,
  plan: { daysBack: number; sessionTime: string; weeks: number; outcomeMinutes: number },
): Visit[] {
  const [hour, minute] = plan.sessionTime.split(":").map(Number) as [number, number];
  const settleMs = (demoSessionMinutes + checkinDelayMinutes + plan.outcomeMinutes + settledMinutes) * 60_000;
  let latest = DateTime.fromJSDate(now, { zone }).startOf("day").minus({ days: plan.daysBack }).set({ hour, minute });
  while (latest.toMillis() + settleMs > now.getTime()) latest = latest.minus({ days: 1 });
  const visits: Visit[] = [];
  for (let weeksAgo = plan.weeks - 1; weeksAgo >= 0; weeksAgo--) {
    const start = latest.minus({ weeks: weeksAgo });
    visits.push({
      weeksAgo,
      sessionStart: start.toJSDate(),
      localDate: start.toISODate() as string,
      localTime: start.toFormat("HH:mm"),
      checkinAt: start.plus({ minutes: demoSessionMinutes + checkinDelayMinutes }).toJSDate(),
    });
  }
  return visits;
}
