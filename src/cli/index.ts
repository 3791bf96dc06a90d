/**
 * Entry point for `npm run -s cli -- <command>`.
 */
import { systemClock } from "../clock.js";
import { ConfigError, loadConfig } from "../config.js";
import type { DatabaseHandle } from "../db/connection.js";
import { exitOnUncaughtErrors } from "../fatal-errors.js";
import { createRedactor, secretsIn } from "../redact.js";
import type { SafetyPrompts } from "../safety/safety-prompts.js";
import { exitCodes, runCli } from "./program.js";

// Errors quote what they were given (a mistyped argument, a path, a library's request URL); none may
// print a secret. Standard output is left as it is: it is the command's data (an export, a summary).
const redact = createRedactor(secretsIn(process.env));
const printError = (s: string) => process.stderr.write(`${redact(s)}\n`);
exitOnUncaughtErrors(redact);

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  printError(error.message);
  process.exit(exitCodes.usage);
}

// The database layer is imported just before a command runs, not for `--help` or an argument error:
// it is a large part of the CLI's start-up.
const loadRuntime = async () => {
  const { openDatabase } = await import("../db/connection.js");
  return { openDatabase };
};
let runtime: Awaited<ReturnType<typeof loadRuntime>> | undefined;
const loaded = () => {
  if (runtime === undefined) throw new Error("the CLI's modules were used before a command ran");
  return runtime;
};

// The prompt files' loaders (yaml, node-cron; about 80 ms) only for a command that asks for prompts,
// once however often it asks. The practice's own check-ins (practice.yaml in INTERLUDE_CONFIG) can be
// given to clients too.
const loadPrompts = async (): Promise<SafetyPrompts> => {
  const [{ withPracticeCheckins }, { loadPrompts: loadBuiltIn }] = await Promise.all([
    import("../admin/config-file.js"),
    import("../safety/safety-prompts.js"),
  ]);
  return withPracticeCheckins(loadBuiltIn(), config.INTERLUDE_CONFIG);
};
let prompts: Promise<SafetyPrompts> | undefined;

let database: DatabaseHandle | undefined;
const code = await runCli(process.argv.slice(2), {
  config,
  beforeAction: async () => {
    runtime ??= await loadRuntime();
  },
  clock: systemClock,
  io: { out: (s) => process.stdout.write(`${s}\n`), err: printError },
  database: () => {
    database ??= loaded().openDatabase(config.INTERLUDE_DB, {
      onModeRepaired: (repair) =>
        printError(`note: ${repair.path} was open to other users (${repair.from}); it is now ${repair.to}`),
    });
    return database;
  },
  prompts: () => {
    prompts ??= loadPrompts();
    return prompts;
  },
});
database?.close();
process.exitCode = code;
