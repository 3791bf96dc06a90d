/**
 * A session's day as a client or clinician reads it, in their language and the session's zone:
 * "Thursday 10 December", "torsdag 10 december", "12月10日星期四".
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
