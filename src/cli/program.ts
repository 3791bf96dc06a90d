/**
 * The CLI as a function: `runCli(argv, ctx)` returns an exit code instead of exiting, so tests run it
 * in-process. Exit codes: 0 done, 2 bad input (nothing changed), 1 anything unexpected.
 */
import { Command, CommanderError } from "commander";
import { FileProblemsError } from "../prompts/errors.js";
import { registerAlertCommands } from "./commands/alerts.js";
import { registerAuditCommands } from "./commands/audit.js";
import { registerCheckinCommands } from "./commands/checkin.js";
import { registerClientCommands } from "./commands/client.js";
import { registerMaintenanceCommands } from "./commands/maintenance.js";
import { registerPracticeCommands } from "./commands/practice.js";
import { registerScheduleCommands } from "./commands/schedule.js";
import { registerSummaryCommand } from "./commands/summary.js";
import { registerTherapistCommands } from "./commands/therapist.js";
import { type CliContext, CliUsageError } from "./context.js";

export const exitCodes = { ok: 0, failure: 1, usage: 2 } as const;

function buildProgram(ctx: CliContext): Command {
  const program = new Command("interlude")
    .description("Interlude practice administration")
    .exitOverride()
    .showHelpAfterError(false)
    .configureOutput({ writeOut: (s) => ctx.io.out(s.trimEnd()), writeErr: (s) => ctx.io.err(s.trimEnd()) });
  registerPracticeCommands(program, ctx);
  registerTherapistCommands(program, ctx);
  registerClientCommands(program, ctx);
  registerCheckinCommands(program, ctx);
  registerScheduleCommands(program, ctx);
  registerAlertCommands(program, ctx);
  registerSummaryCommand(program, ctx);
  registerAuditCommands(program, ctx);
  registerMaintenanceCommands(program, ctx);
  // Every subcommand inherits the strictness: unknown options and stray arguments are errors.
  for (const command of program.commands) {
    command.exitOverride();
    for (const sub of command.commands) sub.exitOverride().allowExcessArguments(false);
  }
  return program;
}

export async function runCli(argv: string[], ctx: CliContext): Promise<number> {
  const program = buildProgram(ctx);
  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCodes.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are "errors" to commander but successes to the user.
      return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
    }
    if (error instanceof CliUsageError) {
      ctx.io.err(`error: ${error.message}`);
      return exitCodes.usage;
    }
    if (error instanceof FileProblemsError) {
      ctx.io.err(`error: nothing was changed; these files have problems:\n${error.message}`);
      return exitCodes.usage;
    }
    ctx.io.err(`error: ${(error as Error).message}`);
    return exitCodes.failure;
  }
}
