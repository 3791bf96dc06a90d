/**
 * Whether a backup can be restored: it opens as a SQLite database, passes SQLite's own integrity and
 * foreign key checks, is an Interlude database (its migrations table says so: an empty or foreign
 * file also "passes" SQLite's checks), and every table can be counted. Opened read-only, so checking
 * a copy never changes it.
 */
import { existsSync, statSync } from "node:fs";
import Database from "better-sqlite3";
import { FileRiskSpool, spoolFileBeside } from "../safety/spool.js";

export interface BackupCheck {
  file: string;
  ok: boolean;
  /** Each reason it is not sound, in plain words; empty when it is. */
  problems: string[];
  /** SQLite's integrity_check answer: ["ok"], or its first messages. */
  integrity: string[];
  foreignKeyViolations: number;
  migrations: number;
  /** Rows per table. */
  tables: Record<string, number>;
  /** The spool copy beside it, if any: entries that a restore would replay into alerts. */
  spool: { entries: number; unreadable: number } | null;
}

/** The file is missing or cannot be opened at all: bad input rather than a bad backup. */
export class BackupUnreadableError extends Error {
  override name = "BackupUnreadableError";
}

/** integrity_check stops after this many messages; the first few say enough. */
const integrityMessages = 10;

function open(file: string): Database.Database {
  let isFile: boolean;
  try {
    isFile = statSync(file).isFile();
  } catch (error) {
    throw new BackupUnreadableError(
      `${file}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`,
    );
  }
  if (!isFile) throw new BackupUnreadableError(`${file}: not a file`);
  try {
    return new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new BackupUnreadableError(`${file}: cannot be opened (${(error as Error).message})`);
  }
}

/** Runs one check; a check SQLite cannot even run (a malformed file) is a problem, not a crash. */
function attempt<T>(problems: string[], what: string, run: () => T): T | undefined {
  try {
    return run();
  } catch (error) {
    problems.push(`${what}: ${(error as Error).message}`);
    return undefined;
  }
}

export function verifyBackup(file: string): BackupCheck {
  const sqlite = open(file);
  const problems: string[] = [];
  const check: BackupCheck = {
    file,
    ok: false,
    problems,
    integrity: [],
    foreignKeyViolations: 0,
    migrations: 0,
    tables: {},
    spool: null,
  };
  try {
    // A file that is not SQLite at all (or whose schema is damaged) fails here once, not once per check.
    const readable = attempt(problems, "unreadable as a SQLite database", () =>
      sqlite.prepare("select count(*) from sqlite_master").get(),
    );
    if (readable === undefined) return check;
    const integrity = attempt(problems, "integrity check", () =>
      sqlite.pragma(`integrity_check(${integrityMessages})`, { simple: false }),
    ) as { integrity_check: string }[] | undefined;
    check.integrity = integrity?.map((row) => row.integrity_check) ?? [];
    if (integrity && !(check.integrity.length === 1 && check.integrity[0] === "ok")) {
      problems.push(`integrity check: ${check.integrity.join("; ")}`);
    }
    const violations = attempt(problems, "foreign key check", () => sqlite.pragma("foreign_key_check") as unknown[]);
    check.foreignKeyViolations = violations?.length ?? 0;
    if (check.foreignKeyViolations > 0) {
      problems.push(`foreign key check: ${check.foreignKeyViolations} row(s) refer to rows that do not exist`);
    }
    const migrations = attempt(
      problems,
      "not an Interlude database",
      () => sqlite.prepare("select count(*) from __drizzle_migrations").pluck().get() as number,
    );
    check.migrations = migrations ?? 0;
    if (migrations === 0) problems.push("not an Interlude database: no migration has been applied");
    const names = attempt(
      problems,
      "tables",
      () =>
        sqlite
          .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
          .pluck()
          .all() as string[],
    );
    for (const name of names ?? []) {
      const count = attempt(
        problems,
        `counting ${name}`,
        () =>
          sqlite
            .prepare(`select count(*) from "${name.replaceAll('"', '""')}"`)
            .pluck()
            .get() as number,
      );
      if (count !== undefined) check.tables[name] = count;
    }
    check.spool = spoolSummary(spoolFileBeside(file));
    check.ok = problems.length === 0;
    return check;
  } finally {
    sqlite.close();
  }
}

function spoolSummary(path: string): BackupCheck["spool"] {
  if (!existsSync(path)) return null;
  const { entries, unreadable } = new FileRiskSpool(path).read();
  return { entries: entries.length, unreadable };
}
