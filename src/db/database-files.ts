/**
 * The files that together are one Interlude database: the file itself, what SQLite keeps beside it,
 * and the risk spool. Named in one place so that opening, backing up and refusing an output path all
 * mean the same set.
 */

/** Files SQLite may keep beside a database: left over from an older copy, they would be read with the new one. */
export function sideFilesOf(file: string): string[] {
  return [`${file}-wal`, `${file}-shm`, `${file}-journal`];
}

/** The spool's file beside a database file, so that a copy of the folder, or a backup, takes both. */
export function spoolFileBeside(databaseFile: string): string {
  return `${databaseFile}.risk-spool`;
}

/** The spool's file for a configured database path; none for an in-memory database (nothing to sit beside). */
export function spoolPathFor(databasePath: string): string | undefined {
  return databasePath === ":memory:" ? undefined : spoolFileBeside(databasePath);
}
