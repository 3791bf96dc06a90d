/**
 * What a therapist or administrator writes after a client's alias to plan sessions, read into one
 * action. The words are English and few, the same in every chat language and at the CLI:
 *
 *   thu 14:00 [50m]            one session, the next Thursday at 14:00 (today if still ahead)
 *   2026-12-10 14:00 [90m]     one session on that date
 *   every thu 14:00 [50m]      a weekly appointment from the next Thursday on
 *   cancel 2026-12-10 | thu    the session on that date (a weekday: the next one)
 *   noshow 2026-12-10 | thu    mark a past session as not attended (a weekday: the last one)
 *   stop                       end the weekly appointments; their sessions still ahead are cancelled
 *
 * Anything else is not an action: the caller shows the usage line and changes nothing.
 */
import { DateTime } from "luxon";
import { z } from "zod";

/** ISO weekdays: 1 Monday … 7 Sunday, by the names and short forms people type. */
const weekdayNames: ReadonlyMap<string, number> = new Map([
  ...["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((name, at) => [name, at + 1] as const),
  ...["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"].map(
    (name, at) => [name, at + 1] as const,
  ),
  ["tues", 2],
  ["thur", 4],
  ["thurs", 4],
]);

/** A day as written: a date, or a weekday to be resolved against today. */
export type DaySpec = { date: string } | { weekday: number };

export type SessionAction =
  | { kind: "one-off"; day: DaySpec; time: string; minutes?: number }
  | { kind: "series"; weekday: number; time: string; minutes?: number }
  | { kind: "cancel"; day: DaySpec }
  | { kind: "no-show"; day: DaySpec }
  | { kind: "stop-series" };

const timePattern = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/;
const minutesPattern = /^(\d{1,3})\s*(?:m|min|mins|minutes)$/;

function dayOf(word: string | undefined): DaySpec | undefined {
  if (word === undefined) return undefined;
  const lower = word.toLowerCase();
  const weekday = weekdayNames.get(lower);
  if (weekday !== undefined) return { weekday };
  if (/^\d{4}-\d{2}-\d{2}$/.test(lower) && DateTime.fromISO(lower).isValid) return { date: lower };
  return undefined;
}

function timeOf(word: string | undefined): string | undefined {
  const match = word === undefined ? null : timePattern.exec(word);
  return match ? `${(match[1] as string).padStart(2, "0")}:${match[2]}` : undefined;
}

/** "50m", "90min": a whole number of minutes between 10 and 480; undefined when absent, null when bad. */
function minutesOf(words: readonly string[]): number | undefined | null {
  if (words.length === 0) return undefined;
  const match = minutesPattern.exec(words.join(" ").toLowerCase());
  if (!match) return null;
  const minutes = Number(match[1]);
  return minutes >= 10 && minutes <= 480 ? minutes : null;
}

/** The action `text` asks for, or undefined when it is not one (the caller shows the usage). */
export function parseSessionAction(text: string): SessionAction | undefined {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const [first, ...rest] = words;
  if (first === undefined) return undefined;
  switch (first.toLowerCase()) {
    case "every": {
      const day = dayOf(rest[0]);
      const time = timeOf(rest[1]);
      const minutes = minutesOf(rest.slice(2));
      if (!day || !("weekday" in day) || !time || minutes === null) return undefined;
      return { kind: "series", weekday: day.weekday, time, ...(minutes === undefined ? {} : { minutes }) };
    }
    case "cancel":
    case "noshow":
    case "no-show": {
      const day = dayOf(rest[0]);
      if (!day || rest.length !== 1) return undefined;
      return first.toLowerCase() === "cancel" ? { kind: "cancel", day } : { kind: "no-show", day };
    }
    case "stop":
      return rest.length === 0 ? { kind: "stop-series" } : undefined;
    default: {
      const day = dayOf(first);
      const time = timeOf(rest[0]);
      const minutes = minutesOf(rest.slice(1));
      if (!day || !time || minutes === null) return undefined;
      return { kind: "one-off", day, time, ...(minutes === undefined ? {} : { minutes }) };
    }
  }
}

/** The words each form is written in, for a usage line or an error. */
export const sessionActionForms =
  '"thu 14:00 [50m]", "2026-12-10 14:00", "every thu 14:00", "cancel DATE|DAY", "noshow DATE|DAY" or "stop"';

/**
 * The boundary where session words come in (a chat command's argument, the CLI's words): at most 120
 * characters, and one of the forms above, or an issue naming them.
 */
export const sessionActionSchema = z
  .string()
  .max(120, "is longer than any session action")
  .transform((text, ctx) => {
    const action = parseSessionAction(text);
    if (action) return action;
    ctx.addIssue({ code: "custom", message: `expected ${sessionActionForms}` });
    return z.NEVER;
  });
