/**
 * A consistent copy of the live database, taken while Interlude runs and writes, through SQLite's
 * online backup API (better-sqlite3's `backup`). The copy is written beside its destination under a
 * temporary name and renamed into place only when complete, so a failed or interrupted backup never
 * leaves a half-written file under the name someone will later restore from. The copy holds everything
 * the database does, so it is 0600 from its first byte, partial or whole.
 */
import { existsSync, renameSync, rmSync, statSync } from "node:fs";
import Database from "better-sqlite3";
import { sideFilesOf, spoolFileBeside } from "../db/database-files.js";
import { copyIntoPrivateFile, createPrivateFile, setPrivateMode } from "../db/private-files.js";

export { sideFilesOf };

export interface BackupResult {
  file: string;
  pages: number;
  bytes: number;
  /** Where the risk spool was copied to, or null when there was none beside the database. */
  spool: string | null;
}

/**
 * better-sqlite3 copies 100 pages per step by default and lets the event loop run in between; when
 * another connection (the running bot) writes between two steps, SQLite restarts the copy from the
 * first page, so a steady trickle of writes could keep a large backup from ever finishing. Asking for
 * every remaining page in one step copies from one read snapshot: in WAL mode the bot keeps writing
 * meanwhile, and the copy is the database exactly as it was when the step began.
 */
const allRemainingPages = 0x7fffffff;

function removeQuietly(files: string[]): void {
  for (const file of files) rmSync(file, { force: true });
}

/**
 * Copies the database behind `source` to `out`, replacing whatever is there (the caller decides
 * whether that is allowed), and the risk spool at `spoolPath`, if there is one, to `<out>.risk-spool`.
 */
export async function backupDatabase(
  source: Database.Database,
  out: string,
  spoolPath: string | undefined,
): Promise<BackupResult> {
  const partial = `${out}.partial-${process.pid}`;
  const partialSpool = spoolFileBeside(partial);
  removeQuietly([partial, ...sideFilesOf(partial), partialSpool]);
  try {
    // SQLite would create the file 0644 less the umask; an empty file is a database it fills.
    createPrivateFile(partial);
    const progress = await source.backup(partial, { progress: () => allRemainingPages });
    // The copy inherits WAL mode; a rollback-journal copy is one self-contained file that can be
    // verified read-only, moved and restored without -wal/-shm companions (Interlude turns WAL on again
    // when it opens it).
    const copy = new Database(partial);
    try {
      copy.pragma("journal_mode = DELETE");
    } finally {
      copy.close();
    }
    setPrivateMode(partial);
    // The spool is copied after the database: an entry appended meanwhile is then in the spool copy
    // but not in the database copy, so a restore replays it into an alert rather than losing it.
    const hasSpool = spoolPath !== undefined && existsSync(spoolPath);
    if (hasSpool) copyIntoPrivateFile(spoolPath, partialSpool);
    removeQuietly([...sideFilesOf(out), spoolFileBeside(out)]);
    renameSync(partial, out);
    if (hasSpool) renameSync(partialSpool, spoolFileBeside(out));
    return {
      file: out,
      pages: progress.totalPages,
      bytes: statSync(out).size,
      spool: hasSpool ? spoolFileBeside(out) : null,
    };
  } catch (error) {
    removeQuietly([partial, ...sideFilesOf(partial), partialSpool]);
    throw error;
  }
}
