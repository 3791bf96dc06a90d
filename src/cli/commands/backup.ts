/**
 * `backup --out <file>` copies the live database (and the risk spool beside it) while Interlude runs;
 * `backup verify <file>` says whether a copy can be restored. An existing file is never overwritten
 * without --force, and the live database (or anything in its folder) can never be the destination.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { z } from "zod";
import { backupDatabase, sideFilesOf } from "../../backup/backup.js";
import { type BackupCheck, BackupUnreadableError, verifyBackup } from "../../backup/verify.js";
import { spoolFileBeside, spoolPathFor } from "../../db/database-files.js";
import { audit } from "../../db/repos/audit.js";
import { parseArg } from "../arguments.js";
import { type CliContext, CliUsageError, printResult } from "../context.js";
import { checkOutPath, refuseExisting } from "../out-path.js";

const fileArg = z.string().trim().min(1, "must name a file");

/**
 * Where the copy may go (the shared output-path rules: never the live database or its folder, never an
 * existing file without --force), and the files that will go beside it; every refusal is bad input
 * (exit 2) and happens before anything is written.
 */
function destination(ctx: CliContext, out: string | undefined, force: boolean): string {
  if (out === undefined) throw new CliUsageError("--out: required: the file to write the copy to");
  const file = checkOutPath(parseArg(fileArg, out, "--out"), {
    expect: "file",
    force,
    liveDatabase: ctx.config.INTERLUDE_DB,
  });
  refuseExisting([...sideFilesOf(file), spoolFileBeside(file)], force);
  return file;
}

function verifyLines(check: BackupCheck): string[] {
  const lines = [`${check.file}: ${check.ok ? "sound" : "NOT SOUND"}`];
  for (const problem of check.problems) lines.push(`  problem: ${problem}`);
  if (check.integrity.length > 0) lines.push(`  integrity: ${check.integrity.join("; ")}`);
  lines.push(
    `  foreign keys: ${check.foreignKeyViolations === 0 ? "ok" : `${check.foreignKeyViolations} violation(s)`}`,
  );
  lines.push(`  migrations applied: ${check.migrations}`);
  const rows = Object.entries(check.tables).map(([table, count]) => `${table} ${count}`);
  if (rows.length > 0) lines.push(`  rows: ${rows.join(", ")}`);
  lines.push(
    check.spool
      ? `  risk spool copy: ${check.spool.entries} entr${check.spool.entries === 1 ? "y" : "ies"} (restore it with the database)`
      : "  risk spool copy: none",
  );
  return lines;
}

/**
 * Records the check in the live database's audit log. Best effort: a backup is usually verified just
 * when the live database is damaged or gone, and then the check must still give its answer (and must
 * not create an empty database where the lost one was).
 */
function auditCheck(ctx: CliContext, check: BackupCheck): void {
  const live = ctx.config.INTERLUDE_DB;
  if (live !== ":memory:" && !existsSync(live)) {
    ctx.io.err(`note: no database at ${live}; the check was not recorded in an audit log`);
    return;
  }
  try {
    const { db } = ctx.database();
    audit(
      db,
      {
        actor: "cli",
        action: "backup.verified",
        subject: "backup",
        detail: { file: check.file, ok: check.ok, problems: check.problems.length },
      },
      ctx.clock.now(),
    );
  } catch (error) {
    ctx.io.err(`note: the check could not be recorded in the audit log (${(error as Error).message})`);
  }
}

export function registerBackupCommands(program: Command, ctx: CliContext): void {
  const backup = program
    .command("backup")
    .description("copy the database (and its risk spool) while Interlude runs; `backup verify <file>` checks a copy")
    .option(
      "--out <file>",
      "the file to write the copy to, outside the database's folder (its risk spool goes to <file>.risk-spool)",
    )
    .option("--force", "replace an existing file (and its spool copy)", false)
    .option("--json", "print one JSON object", false)
    .action(async (options: { out?: string; force: boolean; json: boolean }) => {
      const file = destination(ctx, options.out, options.force);
      const handle = ctx.database();
      const result = await backupDatabase(handle.sqlite, file, spoolPathFor(ctx.config.INTERLUDE_DB));
      audit(
        handle.db,
        {
          actor: "cli",
          action: "backup.taken",
          subject: "database",
          detail: { file, pages: result.pages, bytes: result.bytes, spool: result.spool !== null },
        },
        ctx.clock.now(),
      );
      printResult(ctx, options.json, { ...result }, [
        `Backup written to ${file} (${result.pages} pages, ${result.bytes} bytes).`,
        result.spool
          ? `Risk spool copied to ${result.spool}: keep it with the copy (README, "Backups and retention").`
          : "No risk spool beside the database: nothing else to copy.",
        `Check it with: backup verify ${file}`,
      ]);
    });

  backup
    .command("verify")
    .description("check that a backup can be restored: integrity, foreign keys, row counts per table (exit 1 if not)")
    .argument("<file>", "the backup file")
    .option("--json", "print one JSON object", false)
    .action((fileArgument: string, options: { json: boolean }, command: Command) => {
      // `backup` has options of its own, and commander hands a --json written after `verify` to it.
      const parent = command.parent?.opts<{ out?: string; force: boolean; json: boolean }>();
      if (parent?.out !== undefined || parent?.force) {
        throw new CliUsageError("--out and --force belong to `backup`, not `backup verify`");
      }
      const json = options.json || parent?.json === true;
      let check: BackupCheck;
      try {
        check = verifyBackup(resolve(parseArg(fileArg, fileArgument, "<file>")));
      } catch (error) {
        if (error instanceof BackupUnreadableError) throw new CliUsageError(`<file>: ${error.message}`);
        throw error;
      }
      auditCheck(ctx, check);
      printResult(ctx, json, { ...check }, verifyLines(check));
      if (!check.ok) throw new Error(`the backup is not sound: ${check.problems.join("; ")}`);
    });
}
