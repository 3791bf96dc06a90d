/**
 * `schedule show --client|--therapist|--practice`: which schedule applies and where it comes from,
 * its quiet hours and random delay, and the next sends; a send that does not go at the scheduled
 * local time says from what to what it moved and which rule moved it (explain-send.ts).
 */
import type { Command } from "commander";
import { audit } from "../../db/repos/audit.js";
import type { ScheduleRow } from "../../db/repos/schedules.js";
import { applicableSchedule, sourceOf, upcomingSends } from "../../schedule/upcoming-sends.js";
import { idArg, parseArg } from "../arguments.js";
import { type CliContext, printResult } from "../context.js";
import { quietWindowOf } from "../schedule-words.js";
import { type ResolvedScope, resolveScope, type ScopeOptions } from "./schedule-scope.js";

function sourceWords(row: ScheduleRow, resolved: ResolvedScope): string {
  const source = sourceOf(row);
  if (source === "client") return `client ${row.clientId}'s own`;
  if (source === "therapist") return `therapist ${row.therapistId}'s own`;
  return resolved.kind === "therapist"
    ? `the practice default; therapist ${resolved.id} has none of their own`
    : "the practice default";
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
          upcoming: upcoming.map(({ line: _line, sendAt: _sendAt, moves: _moves, ...rest }) => rest),
        },
        rules
          ? [...headerLines(rules, resolved, upcoming.length), ...upcoming.map((u) => u.line)]
          : [
              `No schedule applies to ${resolved.label}: no check-ins are sent by schedule (set one with \`schedule set\`).`,
            ],
      );
    });
}
