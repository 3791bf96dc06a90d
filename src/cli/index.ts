/**
 * Entry point for `npm run -s cli -- <command>`.
 */
import { systemClock } from "../clock.js";
import { ConfigError, loadConfig } from "../config.js";
import { type DatabaseHandle, openDatabase } from "../db/connection.js";
import { withPracticeCheckins } from "../practice/config-file.js";
import { loadPrompts, type Prompts } from "../prompts/load.js";
import { exitCodes, runCli } from "./program.js";

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(exitCodes.usage);
}

let database: DatabaseHandle | undefined;
let prompts: Prompts | undefined;
const code = await runCli(process.argv.slice(2), {
  config,
  clock: systemClock,
  io: { out: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`) },
  database: () => {
    database ??= openDatabase(config.INTERLUDE_DB);
    return database;
  },
  prompts: () => {
    // The practice's own check-ins (practice.yaml in INTERLUDE_CONFIG) can be given to clients too.
    prompts ??= withPracticeCheckins(loadPrompts(), config.INTERLUDE_CONFIG);
    return prompts;
  },
});
database?.close();
process.exitCode = code;
