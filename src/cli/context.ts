/**
 * What every CLI command gets: the database, the time, where to print, and whether to print JSON.
 * Built lazily so `--help` and argument errors never touch the database, and only commands that
 * use prompts load them.
 */
import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import type { DatabaseHandle } from "../db/connection.js";
import type { SafetyPrompts } from "../safety/safety-prompts.js";

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

export interface CliContext {
  config: Config;
  clock: Clock;
  io: CliIo;
  database: () => DatabaseHandle;
  /**
   * The prompt files (built-in check-ins and texts, plus the practice's own). A promise because
   * their loaders (yaml, node-cron) are imported only by the commands that ask for them: most
   * commands (`client list`, `schedule set`, `backup`) never read a prompt.
   */
  prompts: () => Promise<SafetyPrompts>;
  /** Awaited before any command's action runs (not for help or an argument error). */
  beforeAction?: () => Promise<void>;
}

/** Bad input from the person at the terminal: printed plainly, exit code 2, nothing changed. */
export class CliUsageError extends Error {
  override name = "CliUsageError";
}

/** Prints a result as one JSON object (`--json`) or as human-readable lines. */
export function printResult(ctx: CliContext, json: boolean, result: Record<string, unknown>, human: string[]): void {
  if (json) ctx.io.out(JSON.stringify(result));
  else for (const line of human) ctx.io.out(line);
}
