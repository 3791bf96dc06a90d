/**
 * `schedule show --client|--therapist|--practice`: which schedule applies and where it comes from,
 * its quiet hours and random delay, and the next sends; a send that does not go at the scheduled
 * local time says from what to what it moved and which rule moved it (explain-send.ts).
 */
import type { Command } from "commander";
import { DateTime } from "luxon";
import type { DbOrTx } from "../../db/connection.js";
import { audit } from "../../db/repos/audit.js";
import { getClient } from "../../db/repos/people.js";
import {
  getCursor,
  type ScheduleRow,
  scheduleAtScope,
  scheduleFor,
  sessionTimedCron,
} from "../../db/repos/schedules.js";
import { sessionsBetween } from "../../db/repos/sessions.js";
import { formatLocalTime } from "../../i18n/local-time.js";
import { naiveMsToWall, type WallTime, wallTimeOf, wallToNaiveMs } from "../../i18n/wall-time.js";
import { explainSend } from "../../schedule/explain-send.js";
import { parseSessionRule, slotsOf } from "../../schedule/session-rules.js";
import { nextSlot, parseSlotKey, slotKey } from "../../schedule/slots.js";
import { idArg, parseArg } from "../arguments.js";
import { type CliContext, printResult } from "../context.js";
import { quietWindowOf } from "../schedule-words.js";
import { type ResolvedScope, resolveScope, type ScopeOptions } from "./schedule-scope.js";

interface Upcoming {
  slot: string;
  local: string;
  utc: string;
  reasons: string[];
  line: string;
}

/** The schedule that applies to the scope: for a therapist their own, else the practice default. */
function applicableSchedule(db: DbOrTx, resolved: ResolvedScope): ScheduleRow | undefined {
  if (resolved.kind === "client") {
    const client = getClient(db, resolved.id);
    return client ? scheduleFor(db, client) : undefined;
  }
  if (resolved.kind === "therapist") {
    return scheduleAtScope(db, resolved.scope) ?? scheduleAtScope(db, { practiceId: resolved.scope.practiceId });
  }
  return scheduleAtScope(db, resolved.scope);
}

function sourceOf(row: ScheduleRow): "client" | "therapist" | "practice" {
  return row.clientId !== null ? "client" : row.therapistId !== null ? "therapist" : "practice";
}

function sourceWords(row: ScheduleRow, resolved: ResolvedScope): string {
  const source = sourceOf(row);
  if (source === "client") return `client ${row.clientId}'s own`;
  if (source === "therapist") return `therapist ${row.therapistId}'s own`;
  return resolved.kind === "therapist"
    ? `the practice default; therapist ${resolved.id} has none of their own`
    : "the practice default";
}

const wallText = (wall: WallTime) =>
  DateTime.fromObject(wall, { zone: "UTC", locale: "en" }).toFormat("ccc yyyy-MM-dd HH:mm");

/** The next `count` sends; a client's begins at their planned slot, with the delay already drawn for it. */
function upcomingSends(db: DbOrTx, rules: ScheduleRow, resolved: ResolvedScope, now: Date, count: number) {
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
      slot: key,
      local: DateTime.fromJSDate(sent.sendAt, { zone }).toFormat("ccc yyyy-MM-dd HH:mm"),
      utc: sent.sendAt.toISOString(),
      reasons: sent.reasons,
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
function upcomingSessionSends(db: DbOrTx, rules: ScheduleRow, resolved: ResolvedScope, now: Date, count: number) {
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
        slot: `session ${slot.sessionId}`,
        local: DateTime.fromJSDate(sent.sendAt, { zone }).toFormat("ccc yyyy-MM-dd HH:mm"),
        utc: sent.sendAt.toISOString(),
        reasons: sent.reasons,
        line: `  ${formatLocalTime(sent.sendAt, zone, { weekday: true })} (for session ${slot.sessionId})${sent.reasons.length > 0 ? `: ${sent.reasons.join("; ")}` : ""}`,
      };
    });
}

function headerLines(rules: ScheduleRow, resolved: ResolvedScope, found: number): string[] {
  const where =
    resolved.kind === "client"
      ? `in ${resolved.zone}`
      : `in each client's own zone; shown in ${resolved.zone}, the practice's`;
  const quiet = quietWindowOf(rules);
  return [
    `Schedule for ${resolved.label}: ${rules.spec} (${sourceWords(rules, resolved)}), ${where}.`,
    quiet ? `Quiet hours ${quiet}: a send that falls inside moves to ${rules.quietEnd}.` : "No quiet hours.",
    ...(rules.jitterMinutes > 0
      ? [
          `Random delay: each send up to ${rules.jitterMinutes} min later, drawn once per send when it is planned (shown below once drawn).`,
        ]
      : []),
    ...(rules.activeFrom || rules.activeUntil
      ? [
          `Active${rules.activeFrom ? ` from ${rules.activeFrom}` : ""}${rules.activeUntil ? ` until ${rules.activeUntil}` : ""}.`,
        ]
      : []),
    found === 0 ? "No more sends: the schedule has ended." : found === 1 ? "Next send:" : `Next ${found} sends:`,
  ];
}

export function registerScheduleShowCommand(schedule: Command, ctx: CliContext): void {
  schedule
    .command("show")
    .description("the schedule that applies, its quiet hours, and the next sends with why any moved")
    .option("--practice <id>", "the practice's default schedule")
    .option("--therapist <id>", "the schedule of a therapist's clients")
    .option("--client <id>", "one client's schedule, in their time zone")
    .option("--count <n>", "how many sends", "5")
    .option("--json", "print one JSON object", false)
    .action((options: ScopeOptions & { count: string; json: boolean }) => {
      const count = parseArg(idArg.max(50, "must be at most 50"), options.count, "--count");
      const { db } = ctx.database();
      const now = ctx.clock.now();
      const resolved = resolveScope(db, options);
      const rules = applicableSchedule(db, resolved);
      const upcoming = rules ? upcomingSends(db, rules, resolved, now, count) : [];
      audit(db, { actor: "cli", action: "schedule.viewed", subject: `${resolved.kind}:${resolved.id}` }, now);
      printResult(
        ctx,
        options.json,
        {
          scope: resolved.kind,
          [`${resolved.kind}Id`]: resolved.id,
          timezone: resolved.zone,
          schedule: rules?.spec ?? null,
          source: rules ? sourceOf(rules) : null,
          quietHours: rules?.quietStart && rules.quietEnd ? `${rules.quietStart}-${rules.quietEnd}` : null,
          jitterMinutes: rules?.jitterMinutes ?? 0,
          activeFrom: rules?.activeFrom ?? null,
          activeUntil: rules?.activeUntil ?? null,
          upcoming: upcoming.map(({ line: _line, ...rest }) => rest),
        },
        rules
          ? [...headerLines(rules, resolved, upcoming.length), ...upcoming.map((u) => u.line)]
          : [
              `No schedule applies to ${resolved.label}: no check-ins are sent by schedule (set one with \`schedule set\`).`,
            ],
      );
    });
}
