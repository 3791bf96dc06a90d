/**
 * `practice apply [file]`: config as code. Reads practice.yaml (the argument, `--config`, or
 * INTERLUDE_CONFIG), checks everything in it, and applies it in one transaction, printing each change;
 * `--dry-run` prints the same and changes nothing. A problem anywhere means nothing is changed, and
 * every problem (in the file, the check-in files it names, and against the database) is listed at once.
 */
import type { Command } from "commander";
import type { ConfigChange } from "../../admin/apply-config.js";
import { databaseProblems } from "../../admin/config-target.js";
import { FileProblemsError } from "../../prompts/errors.js";
import { idArg, parseArg } from "../arguments.js";
import { type CliContext, CliUsageError, printResult } from "../context.js";

const shown = (value: unknown) => (value === null || value === undefined ? "(none)" : JSON.stringify(value));
const changeLine = (c: ConfigChange) => `  ${c.path}: ${shown(c.from)} → ${shown(c.to)}`;

export function registerPracticeApplyCommand(practice: Command, ctx: CliContext): void {
  practice
    .command("apply")
    .description("apply practice.yaml (idempotent; prints what changed)")
    .argument("[file]", "the practice.yaml to apply (default: --config, then INTERLUDE_CONFIG)")
    .option("--config <file>", "the practice.yaml to apply")
    .option("--practice <id>", "the practice to apply it to (default: the one with the file's name)")
    .option("--dry-run", "show what would change, change nothing", false)
    .option("--json", "print one JSON object", false)
    .action(
      async (
        fileArg: string | undefined,
        options: { config?: string; practice?: string; dryRun: boolean; json: boolean },
      ) => {
        const file = fileArg ?? options.config ?? ctx.config.INTERLUDE_CONFIG;
        if (!file)
          throw new CliUsageError("[file]: give practice.yaml as an argument, with --config, or in INTERLUDE_CONFIG");
        const practiceId = options.practice === undefined ? undefined : parseArg(idArg, options.practice, "--practice");
        // Checked against the built-in check-ins only: the file itself defines the practice's own.
        // Imported here, not with the module: the YAML reader and the check-in loaders are for apply
        // alone, and `practice list`, `show`, `set` and `init` (registered beside it) need neither.
        const [{ checkPracticeConfig }, { applyPracticeConfig }] = await Promise.all([
          import("../../admin/config-file.js"),
          import("../../admin/apply-config.js"),
        ]);
        const check = checkPracticeConfig(file, (await ctx.prompts()).checkins);
        const { db } = ctx.database();
        const now = ctx.clock.now();
        const result = db.transaction(
          (tx) => {
            // The file's problems and the database's (unknown backup aliases, --practice, a name another
            // practice has) in one report.
            const problems = [...check.problems, ...databaseProblems(tx, check, practiceId)];
            if (problems.length > 0 || !check.loaded) throw new FileProblemsError(problems);
            return applyPracticeConfig(tx, check.loaded, now, {
              dryRun: options.dryRun,
              ...(practiceId ? { practiceId } : {}),
            });
          },
          // Immediate, as in `practice init`: the name check and a create or rename are one step even
          // with two CLIs at once. A dry run writes nothing and need not wait for a writer.
          { behavior: options.dryRun ? "deferred" : "immediate" },
        );
        const what = result.dryRun
          ? "Would change"
          : result.created
            ? `Created practice ${result.practiceId}`
            : "Changed";
        const human =
          result.changes.length === 0
            ? [`Practice ${result.practiceId}: already as ${file} says; nothing to change.`]
            : [`${what} (${result.changes.length}):`, ...result.changes.map(changeLine)];
        printResult(ctx, options.json, { ...result }, human);
      },
    );
}
