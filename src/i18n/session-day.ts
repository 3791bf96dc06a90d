/**
 * A session's day (or day and time) as a client or clinician reads it, in their language and the
 * session's zone: "Thursday 10 December", "torsdag 10 december", "12月10日星期四".
 */
import { DateTime } from "luxon";
import type { Locale } from "./locales.js";

/** The ICU locale each of Interlude's languages is written in (British English: day before month). */
export const intlLocales: Record<Locale, string> = { en: "en-GB", sv: "sv-SE", zh: "zh-CN" };

export function sessionDayText(startsAt: Date, zone: string, locale: Locale): string {
  return DateTime.fromJSDate(startsAt, { zone })
    .setLocale(intlLocales[locale])
    .toLocaleString({ weekday: "long", day: "numeric", month: "long" });
}

/** A session's day and time, short, for a clinician's lists and replies: "Thu 10 Dec, 14:00". */
export function sessionTimeText(session: { startsAt: Date; timezone: string }, locale: Locale): string {
  return DateTime.fromJSDate(session.startsAt, { zone: session.timezone })
    .setLocale(intlLocales[locale])
    .toLocaleString({
      weekday: "short",
      day: "numeric",
      month: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
}
