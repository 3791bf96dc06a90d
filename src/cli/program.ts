/**
 * The CLI as a function: `runCli(argv, ctx)` returns an exit code instead of exiting, so tests run it
 * in-process. Exit codes: 0 done, 2 bad input (nothing changed), 1 anything unexpected.
 */
import { Command, CommanderError } from "commander";
import { FileProblemsError } from "../prompts/errors.js";
import { type CliContext, CliUsageError } from "./context.js";

export const exitCodes = { ok: 0, failure: 1, usage: 2 } as const;

type Register = (program: Command, ctx: CliContext) => void;

interface TopLevelCommand {
  /** As `interlude --help` lists it: the name, and " [options]" when the command itself takes some. */
  listed: string;
  description: string;
  /** Imports the module that registers the command (and its subcommands). */
  load: () => Promise<Register>;
}

// Each command's module (and everything it imports: the database layer, the engine, the summary's
// renderers) is imported only when that command is the one being run, which keeps `--help` and a
// simple command far from the cost of loading all of them. The listing repeats what each module
// registers, so `--help` needs none; tests/cli/command-listing.test.ts keeps the two equal.
const maintenance = async () => (await import("./commands/maintenance.js")).registerMaintenanceCommands;
const topLevelCommands: TopLevelCommand[] = [
  {
    listed: "practice",
    description: "manage practices",
    load: async () => (await import("./commands/practice.js")).registerPracticeCommands,
  },
  {
    listed: "therapist",
    description: "manage therapists",
    load: async () => (await import("./commands/therapist.js")).registerTherapistCommands,
  },
  {
    listed: "client",
    description: "manage clients",
    load: async () => (await import("./commands/client.js")).registerClientCommands,
  },
  {
    listed: "checkin",
    description: "check-ins",
    load: async () => (await import("./commands/checkin.js")).registerCheckinCommands,
  },
  {
    listed: "schedule",
    description: "when check-ins are sent",
    load: async () => (await import("./commands/schedule.js")).registerScheduleCommands,
  },
  {
    listed: "session",
    description: "a client's sessions, and calendar import",
    load: async () => (await import("./commands/session.js")).registerSessionCommands,
  },
  {
    listed: "alerts",
    description: "risk and delivery alerts",
    load: async () => (await import("./commands/alerts.js")).registerAlertCommands,
  },
  {
    listed: "summary [options]",
    description: "a therapist's weekly summary (default: the last complete week, as Markdown)",
    load: async () => (await import("./commands/summary.js")).registerSummaryCommand,
  },
  {
    listed: "audit",
    description: "the audit log: who did what to whom",
    load: async () => (await import("./commands/audit.js")).registerAuditCommands,
  },
  {
    listed: "db",
    description: "the database itself: `db copy` moves a practice between SQLite and PostgreSQL",
    load: async () => (await import("./commands/db.js")).registerDbCommands,
  },
  // One module registers both.
  {
    listed: "retention",
    description: "purging what a practice's retention period no longer allows",
    load: maintenance,
  },
  {
    listed: "backup [options]",
    description: "copy the database (and its risk spool) while Interlude runs; `backup verify <file>` checks a copy",
    load: maintenance,
  },
];

const nameOf = (command: TopLevelCommand) => command.listed.split(" ")[0] as string;
export const topLevelCommandNames = topLevelCommands.map(nameOf);

/** The command the arguments run (`client list`, `help client`), if they name one. */
function commandNamed(argv: string[]): string | undefined {
  // The program itself takes no option with a value, so the first word is the command.
  const words = argv.filter((arg) => !arg.startsWith("-"));
  return words[0] === "help" ? words[1] : words[0];
}

/** The program with the commands in `load` fully registered and the others only listed. */
export async function buildProgram(ctx: CliContext, load: ReadonlySet<string>): Promise<Command> {
  const program = new Command("interlude")
    .description("Interlude practice administration")
    .exitOverride()
    .showHelpAfterError(false)
    .configureOutput({ writeOut: (s) => ctx.io.out(s.trimEnd()), writeErr: (s) => ctx.io.err(s.trimEnd()) });
  const wanted = new Set(topLevelCommands.filter((command) => load.has(nameOf(command))).map((c) => c.load));
  const loaded = new Set<TopLevelCommand["load"]>();
  for (const command of topLevelCommands) {
    if (!wanted.has(command.load)) {
      // Only listed: its arguments (" [options]") shape the listing and are never parsed.
      program.command(command.listed).description(command.description);
    } else if (!loaded.has(command.load)) {
      loaded.add(command.load);
      (await command.load())(program, ctx);
    }
  }
  // Help and argument errors need no database or prompts; index.ts loads those modules here.
  if (ctx.beforeAction) program.hook("preAction", ctx.beforeAction);
  // Every subcommand inherits the strictness: unknown options and stray arguments are errors.
  for (const command of program.commands) {
    command.exitOverride();
    for (const sub of command.commands) sub.exitOverride().allowExcessArguments(false);
  }
  return program;
}

export async function runCli(argv: string[], ctx: CliContext): Promise<number> {
  const named = commandNamed(argv);
  try {
    const program = await buildProgram(ctx, new Set(named === undefined ? [] : [named]));
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
