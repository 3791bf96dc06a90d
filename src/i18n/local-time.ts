/**
 * How a time is shown to a person (CLI output, chat text): in their IANA zone, to the minute, with
 * the zone named, e.g. "2026-12-04 21:30 Europe/Stockholm". Never raw UTC ISO: a practice
 * administrator should not have to convert. Machine output (`--json`, exports) keeps ISO instead.
 */
import { DateTime } from "luxon";

/** `weekday`: lead with it ("Fri 2026-12-04 21:30 …"); `timeOnly`: just "21:30 Europe/Stockholm". */
export function formatLocalTime(
  at: Date,
  zone: string,
  options: { weekday?: boolean; timeOnly?: boolean } = {},
): string {
  // English weekday names whatever the machine's locale: the CLI speaks English.
  let local = DateTime.fromJSDate(at, { zone }).setLocale("en");
  // A zone this Node does not know: UTC, labelled as such, rather than a wrong or "Invalid" time.
  if (!local.isValid) local = DateTime.fromJSDate(at, { zone: "UTC" }).setLocale("en");
  const text = local.toFormat(
    options.timeOnly ? "HH:mm" : options.weekday ? "ccc yyyy-MM-dd HH:mm" : "yyyy-MM-dd HH:mm",
  );
  return `${text} ${local.zoneName ?? "UTC"}`;
}
