/**
 * `practice init`: creates a practice; `practice show` / `practice set` read and change its settings
 * (step 7 adds `practice apply` for config as code).
 */
import type { Command } from "commander";
import { audit } from "../../db/repos/audit.js";
import { createPractice } from "../../db/repos/people.js";
import { localeArg, parseArg, practiceNameArg, timezoneArg } from "../arguments.js";
import { type CliContext, printResult } from "../context.js";
import { registerPracticeApplyCommand } from "./practice-apply.js";
import { registerPracticeSettingsCommands } from "./practice-settings.js";

export function registerPracticeCommands(program: Command, ctx: CliContext): void {
  const practice = program.command("practice").description("manage practices");
  practice
    .command("init")
    .description("create a practice")
    .requiredOption("--name <name>", "the practice's name")
    .requiredOption("--timezone <zone>", "default IANA time zone, e.g. Europe/Stockholm")
    .option("--locale <locale>", "default client language: en, sv or zh", "en")
    .option("--risk-item", "ask the optional risk question in check-ins", false)
    .option("--json", "print one JSON object", false)
    .action((options: { name: string; timezone: string; locale: string; riskItem: boolean; json: boolean }) => {
      const name = parseArg(practiceNameArg, options.name, "--name");
      const timezone = parseArg(timezoneArg, options.timezone, "--timezone");
      const locale = parseArg(localeArg, options.locale, "--locale");
      const { db } = ctx.database();
      const now = ctx.clock.now();
      const row = db.transaction((tx) => {
        const created = createPractice(tx, { name, timezone, locale, settings: { riskItem: options.riskItem } }, now);
        audit(tx, { actor: "cli", action: "practice.created", subject: `practice:${created.id}` }, now);
        return created;
      });
      printResult(ctx, options.json, { practiceId: row.id, name, timezone, locale }, [
        `Created practice ${row.id} (${name}, ${timezone}, ${locale}).`,
      ]);
    });
  registerPracticeSettingsCommands(practice, ctx);
  registerPracticeApplyCommand(practice, ctx);
}
