/**
 * The scheduler's side of schedules timed to sessions (session-rules.ts): the cursor holds the next
 * session slot as "s:<session id>", and a due one starts that session's check-in under the key
 * (client, session, schedule), or records it as missed past the catch-up window. Kept apart from
 * scheduler.ts, whose cron slots are local wall times with a catch-up walk of their own.
 */
import type { Tx } from "../db/connection.js";
import { insertMissedOccurrence } from "../db/repos/checkins.js";
import type { ClientRow, PracticeRow } from "../db/repos/people.js";
import { type CursorRow, type ScheduleRow, saveCursor } from "../db/repos/schedules.js";
import { sessionsBetween } from "../db/repos/sessions.js";
import { wallTimeOf } from "../i18n/wall-time.js";
import type { CheckinStarter } from "./checkin-starter.js";
import type { TickReport } from "./scheduler.js";
import { parseSessionRule, type RuleSlot, sessionSlotKey, slotsOf } from "./session-rules.js";
import { sendTimeOf } from "./slots.js";

/** A session slot's cursor value: "s:<session id>" (cron slots are local times, "YYYY-MM-DDTHH:MM"). */
const sessionSlotPrefix = "s:";

/** How far around now a schedule timed to sessions looks for them. */
const sessionWindowMs = 400 * 86_400_000;

/** The slots a schedule timed to sessions gives for a client's sessions (none if its spec is not a rule). */
function slotsOfClient(tx: Tx, clientId: number, schedule: ScheduleRow, zone: string, around: Date): RuleSlot[] {
  const rule = parseSessionRule(schedule.spec);
  if (!rule) return [];
  const at = around.getTime();
  const rows = sessionsBetween(tx, clientId, new Date(at - sessionWindowMs), new Date(at + sessionWindowMs));
  return slotsOf(rule, rows, zone);
}

/** Saves the cursor on the schedule's next session slot after `after` (none: no slot, no due time). */
export function saveNextSessionSlot(
  tx: Tx,
  clientId: number,
  schedule: ScheduleRow,
  zone: string,
  after: Date,
  random: () => number,
): void {
  const slot = slotsOfClient(tx, clientId, schedule, zone, after).find((s) => s.at.getTime() > after.getTime());
  // Jitter is drawn once per slot and stored, as for cron slots.
  const jitterMinutes = slot ? Math.floor(random() * (schedule.jitterMinutes + 1)) : 0;
  saveCursor(tx, {
    clientId,
    scheduleId: schedule.id,
    slot: slot ? `${sessionSlotPrefix}${slot.sessionId}` : null,
    timezone: zone,
    jitterMinutes,
    dueAt: slot ? sendTimeOf(schedule, wallTimeOf(slot.at, zone), jitterMinutes, zone) : null,
  });
}

export interface SessionSlotContext {
  client: ClientRow;
  schedule: ScheduleRow;
  zone: string;
  now: Date;
  practice: PracticeRow | undefined;
  catchUpMs: number;
  start: CheckinStarter;
  random: () => number;
  /** Places the client's cursor afresh (the scheduler's own placement). */
  replace: () => void;
}

/**
 * A due slot of a schedule timed to sessions: the check-in for that session, or a missed one when it
 * is past the catch-up window; then the cursor moves to the next slot.
 */
export function runSessionSlot(
  tx: Tx,
  cursor: CursorRow & { slot: string; dueAt: Date },
  report: TickReport,
  context: SessionSlotContext,
): void {
  const { client, schedule, zone, now, practice } = context;
  const sessionId = Number(cursor.slot.slice(sessionSlotPrefix.length));
  const slot = slotsOfClient(tx, client.id, schedule, zone, now).find((s) => s.sessionId === sessionId);
  if (!slot) {
    // The session was cancelled or moved out of reach since: place the cursor afresh.
    context.replace();
    return;
  }
  const key = sessionSlotKey(client.id, sessionId, schedule.id);
  const dueAt = cursor.dueAt;
  if (now.getTime() - dueAt.getTime() > context.catchUpMs) {
    const missed = {
      clientId: client.id,
      scheduleId: schedule.id,
      sessionId,
      idempotencyKey: key,
      checkinId: client.checkinId,
    };
    if (insertMissedOccurrence(tx, { ...missed, scheduledFor: dueAt }, now)) report.missed += 1;
    else report.duplicates += 1;
  } else {
    const slotToStart = { idempotencyKey: key, scheduledFor: dueAt, scheduleId: schedule.id, sessionId };
    const result = context.start(tx, client, slotToStart, now, practice);
    if (result.status === "started") report.started += 1;
    else if (result.status === "duplicate") report.duplicates += 1;
  }
  saveNextSessionSlot(tx, client.id, schedule, zone, slot.at, context.random);
}
