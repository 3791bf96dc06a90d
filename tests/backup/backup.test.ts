/**
 * The online backup's files are the service user's alone, whatever the umask: the copy is 0600 while
 * it is still being written under its temporary name and once renamed into place, and so is the copy
 * of the risk spool, even when the live spool was left readable by others.
 */
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { backupDatabase } from "../../src/backup/backup.js";
import { type DatabaseHandle, openDatabase } from "../../src/db/connection.js";
import { createPractice } from "../../src/db/repos/people.js";

let dir: string;
let live: DatabaseHandle | undefined;
afterEach(() => {
  live?.close();
  live = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const modeOf = (file: string) => statSync(file).mode & 0o777;

/** The live database, wrapped so that the partial copy's mode is looked at before and during the copy. */
function watchedSource(handle: DatabaseHandle, seen: Array<number | "missing">): Database.Database {
  const look = (file: string) => {
    try {
      seen.push(modeOf(file));
    } catch {
      seen.push("missing");
    }
  };
  return {
    backup: (file: string, options: { progress: (info: Database.BackupMetadata) => number }) => {
      look(file);
      return handle.sqlite.backup(file, {
        progress: (info) => {
          look(file);
          return options.progress(info);
        },
      });
    },
  } as unknown as Database.Database;
}

describe("backupDatabase file modes", () => {
  for (const mask of [0o022, 0o000]) {
    it(`writes the copy and its spool 0600, partial and whole, under umask ${mask.toString(8).padStart(3, "0")}`, async () => {
      dir = mkdtempSync(join(tmpdir(), "interlude-backup-modes-"));
      live = openDatabase(join(dir, "live.db"));
      createPractice(live.db, { name: "Copied", timezone: "UTC", locale: "en" }, new Date("2026-01-05T09:00:00Z"));
      const spool = join(dir, "live.db.risk-spool");
      writeFileSync(spool, '{"some":"line"}\n');
      // Left readable by others: the copy must not inherit that.
      chmodSync(spool, 0o644);
      const out = join(dir, "copy.db");
      const seen: Array<number | "missing"> = [];

      const previous = process.umask(mask);
      let result: Awaited<ReturnType<typeof backupDatabase>>;
      try {
        result = await backupDatabase(watchedSource(live, seen), out, spool);
      } finally {
        process.umask(previous);
      }

      expect(seen.length).toBeGreaterThanOrEqual(2);
      expect(seen.every((mode) => mode === 0o600)).toBe(true);
      expect(modeOf(out)).toBe(0o600);
      expect(result.spool).toBe(`${out}.risk-spool`);
      expect(modeOf(`${out}.risk-spool`)).toBe(0o600);
    });
  }
});
