/**
 * Local wall-clock time in a client's IANA zone, and the DST policy for turning it into an instant:
 * a time that does not exist (spring-forward gap) moves to the first valid minute after the gap;
 * a time that exists twice (fall-back overlap) is its first occurrence, so it is sent once.
 * luxon does the zone arithmetic.
 */
import { DateTime } from "luxon";

/** A local date and minute, e.g. 2026-03-29 02:30, with no zone attached. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

export function wallTimeOf(instant: Date, zone: string): WallTime {
  const local = DateTime.fromJSDate(instant, { zone });
  return { year: local.year, month: local.month, day: local.day, hour: local.hour, minute: local.minute };
}

/** The wall time as if it were UTC: a way to order and step wall times without any zone. */
export function wallToNaiveMs(wall: WallTime): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
}

export function naiveMsToWall(ms: number): WallTime {
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
  };
}

/** "2026-03-29" */
export function localDateOf(wall: WallTime): string {
  return `${wall.year}-${String(wall.month).padStart(2, "0")}-${String(wall.day).padStart(2, "0")}`;
}

/** "18:00" */
export function localTimeOf(wall: WallTime): string {
  return `${String(wall.hour).padStart(2, "0")}:${String(wall.minute).padStart(2, "0")}`;
}

function exists(wall: WallTime, zone: string): DateTime | undefined {
  const local = DateTime.fromObject(wall, { zone });
  return local.hour === wall.hour && local.minute === wall.minute && local.day === wall.day ? local : undefined;
}

/**
 * Instants already worked out, by wall time and zone: a tick converts the same slot in the same zone
 * for every client due at it, and luxon's zone arithmetic was a visible share of that (B2e). The
 * answer depends only on the key (tz data does not change while the process runs).
 */
const instants = new Map<string, number>();
const maxInstants = 10_000;

/** The instant a wall time stands for in `zone`, under the DST policy above. */
export function instantOf(wall: WallTime, zone: string): Date {
  const key = `${wallToNaiveMs(wall)} ${zone}`;
  let ms = instants.get(key);
  if (ms === undefined) {
    ms = computeInstant(wall, zone).getTime();
    if (instants.size >= maxInstants) instants.clear();
    instants.set(key, ms);
  }
  return new Date(ms);
}

function computeInstant(wall: WallTime, zone: string): Date {
  const local = exists(wall, zone);
  if (local) {
    const candidates = local.getPossibleOffsets().map((d) => d.toMillis());
    return new Date(Math.min(...candidates, local.toMillis()));
  }
  // Inside a gap: walk forward a minute at a time (gaps are 30 or 60 minutes, rarely more).
  let naive = wallToNaiveMs(wall);
  for (let i = 0; i < 24 * 60; i++) {
    naive += 60_000;
    const shifted = exists(naiveMsToWall(naive), zone);
    if (shifted) return shifted.toJSDate();
  }
  throw new Error(`no valid local time after ${localDateOf(wall)} ${localTimeOf(wall)} in ${zone}`);
}

export function isValidZone(zone: string): boolean {
  return DateTime.local().setZone(zone).isValid;
}
