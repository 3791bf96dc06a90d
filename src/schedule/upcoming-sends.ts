/**
 * Which schedule applies to a client, a therapist's clients or a practice, and its next sends, each
 * with the rule that moved it if it does not go at the scheduled local time (explain-send.ts): what
 * `schedule show` prints and what the web view's schedule page previews.
 */
import { DateTime } from "luxon";
import type { DbOrTx } from "../db/connection.js";
import { getClient } from "../db/repos/people.js";
import {
  getCursor,
  type ScheduleRow,
  type ScheduleScope,
  scheduleAtScope,
  scheduleFor,
  sessionTimedCron,
} from "../db/repos/schedules.js";
import { sessionsBetween } from "../db/repos/sessions.js";
import { formatLocalTime } from "../i18n/local-time.js";
import { naiveMsToWall, type WallTime, wallTimeOf, wallToNaiveMs } from "../i18n/wall-time.js";
import { explainSend, type SendMove } from "./explain-send.js";
import { parseSessionRule, slotsOf } from "./session-rules.js";
import { nextSlot, parseSlotKey, slotKey } from "./slots.js";

/** Whose schedule: a client (in their zone), or a therapist's or practice's (in the practice's). */
export interface ScheduleTarget {
  kind: "practice" | "therapist" | "client";
  id: number;
  scope: ScheduleScope;
  zone: string;
}

export interface Upcoming {
  /** When it goes out. */
  sendAt: Date;
  slot: string;
  local: string;
  utc: string;
  reasons: string[];
  /** The rules that moved it, as data (explain-send.ts). */
  moves: SendMove[];
  line: string;
}

/** The schedule that applies to the scope: for a therapist their own, else the practice default. */
export function applicableSchedule(db: DbOrTx, resolved: ScheduleTarget): ScheduleRow | undefined {
  if (resolved.kind === "client") {
    const client = getClient(db, resolved.id);
    return client ? scheduleFor(db, client) : undefined;
  }
  if (resolved.kind === "therapist") {
    return scheduleAtScope(db, resolved.scope) ?? scheduleAtScope(db, { practiceId: resolved.scope.practiceId });
  }
  return scheduleAtScope(db, resolved.scope);
}

export function sourceOf(row: ScheduleRow): "client" | "therapist" | "practice" {
  return row.clientId !== null ? "client" : row.therapistId !== null ? "therapist" : "practice";
}

const wallText = (wall: WallTime) =>
  DateTime.fromObject(wall, { zone: "UTC", locale: "en" }).toFormat("ccc yyyy-MM-dd HH:mm");

/** The next `count` sends; a client's begins at their planned slot, with the delay already drawn for it. */
export function upcomingSends(db: DbOrTx, rules: ScheduleRow, resolved: ScheduleTarget, now: Date, count: number) {
  if (rules.cron === sessionTimedCron) return upcomingSessionSends(db, rules, resolved, now, count);
  const { zone } = resolved;
  let after = wallTimeOf(now, zone);
  let drawn: { slot: string; minutes: number } | undefined;
  const cursor = resolved.kind === "client" ? getCursor(db, resolved.id) : undefined;
  if (cursor?.slot && cursor.scheduleId === rules.id && cursor.timezone === zone) {
    // The planned slot may lie before now (moved by quiet hours or a delay) and still be sent.
    after = naiveMsToWall(wallToNaiveMs(parseSlotKey(cursor.slot)) - 60_000);
    drawn = { slot: cursor.slot, minutes: cursor.jitterMinutes };
  }
  const upcoming: Upcoming[] = [];
  while (upcoming.length < count) {
    const slot = nextSlot(rules, after);
    if (!slot) break;
    const key = slotKey(slot);
    const sent = explainSend(rules, slot, drawn?.slot === key ? drawn.minutes : 0, zone);
    const sameDay = DateTime.fromJSDate(sent.sendAt, { zone }).toISODate() === key.slice(0, 10);
    upcoming.push({
      sendAt: sent.sendAt,
      slot: key,
      local: DateTime.fromJSDate(sent.sendAt, { zone }).toFormat("ccc yyyy-MM-dd HH:mm"),
      utc: sent.sendAt.toISOString(),
      reasons: sent.reasons,
      moves: sent.moves,
      line:
        sent.reasons.length === 0
          ? `  ${formatLocalTime(sent.sendAt, zone, { weekday: true })}`
          : `  ${wallText(slot)} → ${formatLocalTime(sent.sendAt, zone, { weekday: !sameDay, timeOnly: sameDay })}: ${sent.reasons.join("; ")}`,
    });
    after = slot;
  }
  return upcoming;
}

/**
 * The next sends of a schedule timed to sessions: for one client, from their sessions (with the delay
 * already drawn for the planned one); for a practice or therapist there is no one list of sessions.
 */
function upcomingSessionSends(db: DbOrTx, rules: ScheduleRow, resolved: ScheduleTarget, now: Date, count: number) {
  const rule = parseSessionRule(rules.spec);
  if (resolved.kind !== "client" || !rule) return [];
  const { zone } = resolved;
  const cursor = getCursor(db, resolved.id);
  const sessions = sessionsBetween(db, resolved.id, new Date(now.getTime() - 86_400_000), new Date(8.64e15));
  return slotsOf(rule, sessions, zone)
    .filter((slot) => slot.at.getTime() > now.getTime() || cursor?.slot === `s:${slot.sessionId}`)
    .slice(0, count)
    .map((slot): Upcoming => {
      const minutes = cursor?.slot === `s:${slot.sessionId}` ? cursor.jitterMinutes : 0;
      const sent = explainSend(rules, wallTimeOf(slot.at, zone), minutes, zone);
      return {
        sendAt: sent.sendAt,
        slot: `session ${slot.sessionId}`,
        local: DateTime.fromJSDate(sent.sendAt, { zone }).toFormat("ccc yyyy-MM-dd HH:mm"),
        utc: sent.sendAt.toISOString(),
        reasons: sent.reasons,
        moves: sent.moves,
        line: `  ${formatLocalTime(sent.sendAt, zone, { weekday: true })} (for session ${slot.sessionId})${sent.reasons.length > 0 ? `: ${sent.reasons.join("; ")}` : ""}`,
      };
    });
}
