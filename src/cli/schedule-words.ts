/**
 * A stored schedule in words (for `practice show` and `schedule show`) and as JSON, from one place so
 * the two commands always describe a schedule the same way.
 */
import type { ScheduleRow } from "../db/repos/schedules.js";

/** "22:00–08:00", or undefined when the schedule has no quiet hours (or an empty window). */
export function quietWindowOf(row: Pick<ScheduleRow, "quietStart" | "quietEnd">): string | undefined {
  return row.quietStart && row.quietEnd && row.quietStart !== row.quietEnd
    ? `${row.quietStart}–${row.quietEnd}`
    : undefined;
}

/** "weekly on Mon,Thu at 18:00; quiet hours 22:00–08:00; each send up to 30 min later; from 2026-01-01" */
export function describeSchedule(row: ScheduleRow): string {
  const quiet = quietWindowOf(row);
  return [
    row.spec,
    ...(quiet ? [`quiet hours ${quiet}`] : []),
    ...(row.jitterMinutes > 0 ? [`each send up to ${row.jitterMinutes} min later`] : []),
    ...(row.activeFrom ? [`from ${row.activeFrom}`] : []),
    ...(row.activeUntil ? [`until ${row.activeUntil}`] : []),
  ].join("; ");
}

export function scheduleJson(row: ScheduleRow) {
  return {
    scheduleId: row.id,
    spec: row.spec,
    cron: row.cron,
    intervalDays: row.intervalDays,
    // The form `--quiet` and practice.yaml take.
    quietHours: row.quietStart && row.quietEnd ? `${row.quietStart}-${row.quietEnd}` : null,
    jitterMinutes: row.jitterMinutes,
    activeFrom: row.activeFrom,
    activeUntil: row.activeUntil,
  };
}
