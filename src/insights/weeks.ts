/**
 * ISO weeks (Monday to Sunday) in a person's time zone: the unit of the weekly summary. A week is
 * named "2026-W47"; its bounds are local midnights, so a Sunday-evening answer in Stockholm belongs to
 * the Stockholm week even when it is already Monday in UTC.
 */
import { DateTime } from "luxon";
import { z } from "zod";

export interface Week {
  /** "2026-W47". */
  id: string;
  /** Local Monday 00:00 (inclusive) and the next Monday 00:00 (exclusive). */
  start: Date;
  end: Date;
  /** The Monday as "YYYY-MM-DD", the label charts use. */
  mondayDate: string;
}

export const weekIdSchema = z
  .string()
  .trim()
  .regex(/^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/, "must be an ISO week such as 2026-W47");

function fromMonday(monday: DateTime): Week {
  const start = monday.startOf("day");
  return {
    id: `${start.weekYear}-W${String(start.weekNumber).padStart(2, "0")}`,
    start: start.toJSDate(),
    end: start.plus({ weeks: 1 }).toJSDate(),
    mondayDate: start.toISODate() as string,
  };
}

/** The week that contains `at`, in `zone`. */
export function weekContaining(at: Date, zone: string): Week {
  return fromMonday(DateTime.fromJSDate(at, { zone }).startOf("week"));
}

/** The week named `id` ("2026-W47") in `zone`; undefined if no such week exists (2026-W53). */
export function weekNamed(id: string, zone: string): Week | undefined {
  const parsed = weekIdSchema.safeParse(id);
  if (!parsed.success) return undefined;
  const [year, number] = parsed.data.split("-W").map(Number) as [number, number];
  const monday = DateTime.fromObject({ weekYear: year, weekNumber: number, weekday: 1 }, { zone });
  if (!monday.isValid || monday.weekNumber !== number) return undefined;
  return fromMonday(monday);
}

/** The week `offset` weeks after (negative: before) `week`, in the same zone. */
export function shiftWeek(week: Week, offset: number, zone: string): Week {
  return fromMonday(DateTime.fromJSDate(week.start, { zone }).plus({ weeks: offset }));
}

/** `count` consecutive weeks ending with `last`, oldest first. */
export function weeksEndingWith(last: Week, count: number, zone: string): Week[] {
  return Array.from({ length: count }, (_, i) => shiftWeek(last, i - count + 1, zone));
}
