/**
 * From a schedule to concrete slots: which local times are slots (cron, "every N days", active date
 * range), and when each is actually sent (jitter, quiet hours, then the DST policy).
 */

import { sessionTimedCron } from "../db/repos/schedules.js";
import { instantOf, localDateOf, naiveMsToWall, type WallTime, wallToNaiveMs } from "../i18n/wall-time.js";
import { nextWallSlot } from "./cron.js";

export interface ScheduleRules {
  cron: string;
  intervalDays: number | null;
  anchorDate: string | null;
  quietStart: string | null;
  quietEnd: string | null;
  activeFrom: string | null;
  activeUntil: string | null;
}

const dayMs = 86_400_000;
const minuteMs = 60_000;

function dayNumber(localDate: string): number {
  return Date.parse(`${localDate}T00:00:00Z`) / dayMs;
}

/** The first slot strictly after `after` (wall time), or undefined when the schedule has no more. */
export function nextSlot(rules: ScheduleRules, after: WallTime): WallTime | undefined {
  // A schedule timed to sessions has no cron slots (the scheduler reads its sessions instead).
  if (rules.cron === sessionTimedCron) return undefined;
  let from = after;
  if (rules.activeFrom && localDateOf(after) < rules.activeFrom) {
    // Jump to just before the first active day instead of walking towards it.
    from = naiveMsToWall(Date.parse(`${rules.activeFrom}T00:00:00Z`) - minuteMs);
  }
  for (let guard = 0; guard < 400; guard++) {
    const slot = nextWallSlot(rules.cron, from);
    if (!slot) return undefined;
    const date = localDateOf(slot);
    if (rules.activeUntil && date > rules.activeUntil) return undefined;
    const onInterval =
      !rules.intervalDays || (dayNumber(date) - dayNumber(rules.anchorDate ?? "1970-01-01")) % rules.intervalDays === 0;
    if (onInterval) return slot;
    from = slot;
  }
  return undefined;
}

function minutesOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number) as [number, number];
  return h * 60 + m;
}

/** Moves a wall time out of the quiet window to the window's end. */
export function outsideQuietHours(rules: ScheduleRules, wall: WallTime): WallTime {
  if (!rules.quietStart || !rules.quietEnd || rules.quietStart === rules.quietEnd) return wall;
  const start = minutesOfDay(rules.quietStart);
  const end = minutesOfDay(rules.quietEnd);
  const at = wall.hour * 60 + wall.minute;
  const midnight = wallToNaiveMs({ ...wall, hour: 0, minute: 0 });
  if (start < end) return at >= start && at < end ? naiveMsToWall(midnight + end * minuteMs) : wall;
  // The window wraps midnight, e.g. 22:00-08:00.
  if (at >= start) return naiveMsToWall(midnight + dayMs + end * minuteMs);
  if (at < end) return naiveMsToWall(midnight + end * minuteMs);
  return wall;
}

/** When a slot is sent: slot + jitter, moved out of quiet hours, turned into an instant in `zone`. */
export function sendTimeOf(rules: ScheduleRules, slot: WallTime, jitterMinutes: number, zone: string): Date {
  const jittered = naiveMsToWall(wallToNaiveMs(slot) + jitterMinutes * minuteMs);
  return instantOf(outsideQuietHours(rules, jittered), zone);
}

/** "2026-03-29T02:30": the slot's part of an occurrence's idempotency key. */
export function slotKey(slot: WallTime): string {
  return `${localDateOf(slot)}T${String(slot.hour).padStart(2, "0")}:${String(slot.minute).padStart(2, "0")}`;
}

export function parseSlotKey(key: string): WallTime {
  const [date, time] = key.split("T") as [string, string];
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const [hour, minute] = time.split(":").map(Number) as [number, number];
  return { year, month, day, hour, minute };
}
