/**
 * `db copy --from <db> --to <db>`: moves a practice between SQLite and PostgreSQL (either way) into an
 * empty database, verified table by table before the target commits. A refusal (missing source, a
 * non-empty target, a risk spool still to replay) is bad input: exit 2, nothing changed. No database
 * password is ever printed: every message names a URL without it.
 */
import type { Command } from "commander";
import { z } from "zod";
import { copyDatabase } from "../../db/copy/copy.js";
import { CopyMismatchError, CopyRefusedError } from "../../db/copy/errors.js";
import { parseLocation } from "../../db/copy/locations.js";
import { redactUrlsIn } from "../../db/postgres/url.js";
import { parseArg } from "../arguments.js";
import { type CliContext, CliUsageError, printResult } from "../context.js";

const batchSizeArg = z.coerce.number().int().min(1).max(5000);

interface CopyFlags {
  from?: string;
  to?: string;
  batchSize: string;
  json: boolean;
}

/** Any text a failure prints, with the password of either URL (or any URL) taken out. */
function redactBoth(text: string, flags: CopyFlags): string {
  return redactUrlsIn(redactUrlsIn(text, flags.from), flags.to);
}

async function runCopy(ctx: CliContext, flags: CopyFlags): Promise<void> {
  if (flags.from === undefined) throw new CliUsageError("--from: required: the SQLite file or postgres:// URL to copy");
  if (flags.to === undefined)
    throw new CliUsageError("--to: required: the empty SQLite file or postgres:// URL to fill");
  const batchSize = parseArg(batchSizeArg, flags.batchSize, "--batch-size");
  try {
    const from = parseLocation(flags.from, "--from");
    const to = parseLocation(flags.to, "--to");
    const report = await copyDatabase(from, to, { batchSize });
    const total = report.tables.reduce((sum, table) => sum + table.rows, 0);
    printResult(ctx, flags.json, { ...report }, [
      `Copied ${report.from} to ${report.to}: ${total} rows in ${report.tables.length} tables.`,
      ...report.tables.map((t) => `  ${t.table}: ${t.rows} rows, sha256 ${t.digest.slice(0, 16)}`),
      "Verified: every table has the same rows (count and contents) on both sides.",
    ]);
  } catch (error) {
    if (error instanceof CopyRefusedError) throw new CliUsageError(redactBoth(error.message, flags));
    if (error instanceof CopyMismatchError) {
      throw new Error(`the copy did not verify and was rolled back: ${error.message}`);
    }
    // A driver's own error (a lost connection, a server refusing a row): its message, cleaned, and no stack.
    throw new Error(redactBoth(`the copy failed and was rolled back: ${(error as Error).message}`, flags));
  }
}

export function registerDbCommands(program: Command, ctx: CliContext): void {
  const db = program
    .command("db")
    .description("the database itself: `db copy` moves a practice between SQLite and PostgreSQL");
  db.command("copy")
    .description("copy every table into an empty SQLite file or PostgreSQL database, verified before it commits")
    .option("--from <database>", "the database to copy: a SQLite file or a postgres:// URL (opened read-only)")
    .option("--to <database>", "the empty database to fill: a SQLite file (created) or a postgres:// URL (migrated)")
    .option("--batch-size <rows>", "rows per read and insert", "500")
    .option("--json", "print one JSON object", false)
    .action((flags: CopyFlags) => runCopy(ctx, flags));
}
