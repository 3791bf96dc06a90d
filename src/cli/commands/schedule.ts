/**
 * `schedule set|clear|show`: schedules as data, per practice (default), therapist or client.
 */
import type { Command } from "commander";
import { DateTime } from "luxon";
import type { DbOrTx } from "../../db/connection.js";
import { audit } from "../../db/repos/audit.js";
import { getClient, getPractice, getTherapist } from "../../db/repos/people.js";
import { clearSchedule, type ScheduleScope, scheduleFor, setSchedule } from "../../db/repos/schedules.js";
import { describeZodIssues } from "../../prompts/errors.js";
import { nextSlot, sendTimeOf, slotKey } from "../../schedule/slots.js";
import { scheduleInputSchema } from "../../schedule/spec.js";
import { wallTimeOf } from "../../schedule/wall-time.js";
import { idArg, parseArg } from "../arguments.js";
import { type CliContext, CliUsageError, printResult } from "../context.js";

interface ScopeOptions {
  practice?: string;
  therapist?: string;
  client?: string;
}

/** Exactly one of --practice, --therapist, --client, turned into a scope that exists. */
function resolveScope(db: DbOrTx, options: ScopeOptions): { scope: ScheduleScope; zone: string; label: string } {
  const given = (["practice", "therapist", "client"] as const).filter((k) => options[k] !== undefined);
  if (given.length !== 1) throw new CliUsageError("give exactly one of --practice, --therapist, --client");
  if (options.client !== undefined) {
    const id = parseArg(idArg, options.client, "--client");
    const client = getClient(db, id);
    if (!client) throw new CliUsageError(`--client: no client with id ${id}`);
    const practice = getPractice(db, client.practiceId);
    return {
      scope: { practiceId: client.practiceId, clientId: id },
      zone: client.timezone ?? practice?.timezone ?? "UTC",
      label: `client ${id}`,
    };
  }
  if (options.therapist !== undefined) {
    const id = parseArg(idArg, options.therapist, "--therapist");
    const therapist = getTherapist(db, id);
    if (!therapist) throw new CliUsageError(`--therapist: no therapist with id ${id}`);
    const practice = getPractice(db, therapist.practiceId);
    return {
      scope: { practiceId: therapist.practiceId, therapistId: id },
      zone: practice?.timezone ?? "UTC",
      label: `therapist ${id}`,
    };
  }
  const id = parseArg(idArg, options.practice, "--practice");
  const practice = getPractice(db, id);
  if (!practice) throw new CliUsageError(`--practice: no practice with id ${id}`);
  return { scope: { practiceId: id }, zone: practice.timezone, label: `practice ${id}` };
}

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
        const parsed = scheduleInputSchema.safeParse({
          spec: options.spec,
          quietHours: options.quiet,
          jitterMinutes: Number(options.jitter),
          activeFrom: options.from,
          activeUntil: options.until,
        });
        if (!parsed.success) throw new CliUsageError(describeZodIssues(parsed.error).join("; "));
        const { db } = ctx.database();
        const now = ctx.clock.now();
        const result = db.transaction((tx) => {
          const { scope, zone, label } = resolveScope(tx, options);
          const anchor = DateTime.fromJSDate(now, { zone }).toISODate() ?? "1970-01-01";
          const row = setSchedule(tx, scope, parsed.data, now, anchor);
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

  schedule
    .command("show")
    .description("the next send times for a client, in their time zone")
    .requiredOption("--client <id>", "client id")
    .option("--count <n>", "how many", "5")
    .option("--json", "print one JSON object", false)
    .action((options: { client: string; count: string; json: boolean }) => {
      const count = parseArg(idArg.max(50, "must be at most 50"), options.count, "--count");
      const { db } = ctx.database();
      const { zone } = resolveScope(db, { client: options.client });
      const client = getClient(db, Number(options.client));
      const rules = client ? scheduleFor(db, client) : undefined;
      const upcoming: Array<{ slot: string; local: string; utc: string }> = [];
      let after = wallTimeOf(ctx.clock.now(), zone);
      while (rules && upcoming.length < count) {
        const slot = nextSlot(rules, after);
        if (!slot) break;
        const at = sendTimeOf(rules, slot, 0, zone);
        upcoming.push({
          slot: slotKey(slot),
          local: DateTime.fromJSDate(at, { zone }).toFormat("ccc yyyy-MM-dd HH:mm"),
          utc: at.toISOString(),
        });
        after = slot;
      }
      audit(
        db,
        { actor: "cli", action: "schedule.viewed", subject: `client:${Number(options.client)}` },
        ctx.clock.now(),
      );
      printResult(
        ctx,
        options.json,
        { clientId: Number(options.client), timezone: zone, schedule: rules?.spec ?? null, upcoming },
        rules
          ? [
              `${rules.spec} in ${zone}${rules.jitterMinutes ? ` (each send up to ${rules.jitterMinutes} min later)` : ""}:`,
              ...upcoming.map((u) => `  ${u.local}`),
            ]
          : ["No schedule applies to this client."],
      );
    });
}
