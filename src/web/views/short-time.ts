/**
 * A time in a table, to the minute in the clinician's zone ("2026-11-23 14:05"); the table's caption
 * names the zone once instead of every cell repeating it.
 */
import { DateTime } from "luxon";

export function shortTime(at: Date, zone: string): string {
  const local = DateTime.fromJSDate(at, { zone });
  return (local.isValid ? local : DateTime.fromJSDate(at, { zone: "UTC" })).toFormat("yyyy-MM-dd HH:mm");
}
