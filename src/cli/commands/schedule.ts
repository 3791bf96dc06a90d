/**
 * `schedule set|clear|show`: schedules as data, per practice (default), therapist or client
 * (`show` in schedule-show.ts).
 */
import type { Command } from "commander";
import { DateTime } from "luxon";
import { audit } from "../../db/repos/audit.js";
import { clearSchedule, setSchedule } from "../../db/repos/schedules.js";
import { type CliContext, printResult } from "../context.js";
import { scheduleFromFlags } from "../schedule-flags.js";
import { resolveScope, type ScopeOptions } from "./schedule-scope.js";
import { registerScheduleShowCommand } from "./schedule-show.js";

export function registerScheduleCommands(program: Command, ctx: CliContext): void {
  const schedule = program.command("schedule").description("when check-ins are sent");
  schedule
    .command("set")
    .description('set a schedule: "daily at 09:30", "weekly on Mon,Thu at 18:00", "every 3 days at 19:00" or cron')
    .option("--practice <id>", "the practice's default schedule")
    .option("--therapist <id>", "for all of a therapist's clients")
    .option("--client <id>", "for one client (overrides the others)")
    .requiredOption("--spec <spec>", "when to send, in the client's time zone")
    .option("--quiet <HH:MM-HH:MM>", "never send inside this local window; sends move to its end")
    .option("--jitter <minutes>", "move each send by a random 0..N minutes", "0")
    .option("--from <YYYY-MM-DD>", "first local date to send on")
    .option("--until <YYYY-MM-DD>", "last local date to send on")
    .option("--json", "print one JSON object", false)
    .action(
      (
        options: ScopeOptions & {
          spec: string;
          quiet?: string;
          jitter: string;
          from?: string;
          until?: string;
          json: boolean;
        },
      ) => {
        // Checked before the database is opened; problems are named by these flags.
        const input = scheduleFromFlags(options);
        const { db } = ctx.database();
        const now = ctx.clock.now();
        const result = db.transaction((tx) => {
          const { scope, zone, label } = resolveScope(tx, options);
          const anchor = DateTime.fromJSDate(now, { zone }).toISODate() ?? "1970-01-01";
          const row = setSchedule(tx, scope, input, now, anchor);
          audit(
            tx,
            { actor: "cli", action: "schedule.set", subject: `schedule:${row.id}`, detail: { cron: row.cron } },
            now,
          );
          return { row, label };
        });
        printResult(
          ctx,
          options.json,
          { scheduleId: result.row.id, cron: result.row.cron, intervalDays: result.row.intervalDays },
          [
            `Schedule ${result.row.id} for ${result.label}: ${result.row.spec} (cron "${result.row.cron}"${result.row.intervalDays ? `, every ${result.row.intervalDays} days` : ""}).`,
          ],
        );
      },
    );

  schedule
    .command("clear")
    .description("remove a schedule (clients fall back to the therapist's or practice's)")
    .option("--practice <id>")
    .option("--therapist <id>")
    .option("--client <id>")
    .option("--json", "print one JSON object", false)
    .action((options: ScopeOptions & { json: boolean }) => {
      const { db } = ctx.database();
      const now = ctx.clock.now();
      const cleared = db.transaction((tx) => {
        const { scope, label } = resolveScope(tx, options);
        const done = clearSchedule(tx, scope);
        if (done) audit(tx, { actor: "cli", action: "schedule.cleared", subject: label.replace(" ", ":") }, now);
        return { done, label };
      });
      printResult(ctx, options.json, { cleared: cleared.done }, [
        cleared.done ? `Cleared the schedule of ${cleared.label}.` : `${cleared.label} had no schedule of its own.`,
      ]);
    });
  registerScheduleShowCommand(schedule, ctx);
}
