/**
 * `practice show`: everything about one practice in one place: name, zone, language, region, the
 * default schedule, and every setting with its default filled in (the names `practice set` takes).
 */
import type { Command } from "commander";
import { getPractice } from "../../db/repos/people.js";
import { scheduleAtScope } from "../../db/repos/schedules.js";
import { settingsOf } from "../../practice/settings.js";
import { idArg, parseArg } from "../arguments.js";
import { type CliContext, CliUsageError, printResult } from "../context.js";
import { describeSchedule, scheduleJson } from "../schedule-words.js";

export function registerPracticeShowCommand(practice: Command, ctx: CliContext): void {
  practice
    .command("show")
    .description("everything about a practice: name, zone, language, region, default schedule, settings")
    .argument("<practice>", "practice id")
    .option("--json", "print one JSON object", false)
    .action((practiceArg: string, options: { json: boolean }) => {
      const id = parseArg(idArg, practiceArg, "<practice>");
      const { db } = ctx.database();
      const row = getPractice(db, id);
      if (!row) throw new CliUsageError(`<practice>: no practice with id ${id}`);
      const settings = settingsOf(row);
      const schedule = scheduleAtScope(db, { practiceId: id });
      printResult(
        ctx,
        options.json,
        {
          practiceId: id,
          name: row.name,
          timezone: row.timezone,
          locale: row.locale,
          region: settings.region ?? null,
          schedule: schedule ? scheduleJson(schedule) : null,
          settings,
        },
        [
          `Practice ${id}: ${row.name}`,
          `Time zone: ${row.timezone}`,
          `Language: ${row.locale}`,
          `Region: ${settings.region ?? "none (crisis replies list only resources for anywhere)"}`,
          `Default schedule: ${schedule ? describeSchedule(schedule) : "none (no check-ins are sent by schedule)"}`,
          `Settings (change one with \`practice set ${id} <setting> <value>\`):`,
          ...JSON.stringify(settings, null, 2).split("\n"),
        ],
      );
    });
}
