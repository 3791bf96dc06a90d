/**
 * The one check every CLI writer makes on its output path, before it reads or changes anything, so
 * that no `--out` can destroy data and a typo fails with exit 2 and nothing written:
 * - the live database, its -wal, -shm, journal and risk spool, and anything inside its folder are
 *   refused outright, --force or not (compared after resolving relative paths and symbolic links, and
 *   by inode for an existing file, so no second name gets past it);
 * - an existing file is replaced only with --force;
 * - the folder must exist and be writable.
 * The writers then write through a temporary file and a rename (src/text/atomic-write.ts).
 */
import { accessSync, constants, lstatSync, realpathSync, type Stats, statSync } from "node:fs";
import { basename, dirname, join, resolve, sep } from "node:path";
import { sideFilesOf, spoolFileBeside } from "../db/database-files.js";
import { CliUsageError } from "./context.js";

export interface OutPathRules {
  /** A file to create or replace, or a folder to write files into (created if missing). */
  expect: "file" | "directory";
  /** --force: an existing file may be replaced. */
  force: boolean;
  /** INTERLUDE_DB: its files and its folder are never written. */
  liveDatabase: string;
  option?: string;
}

function statOrUndefined(path: string, follow = true): Stats | undefined {
  try {
    return follow ? statSync(path) : lstatSync(path);
  } catch {
    return undefined;
  }
}

/** The path with every symbolic link in its existing part resolved, so two names for one place compare equal. */
function canonical(path: string): string {
  const missing: string[] = [];
  for (let existing = resolve(path); ; existing = dirname(existing)) {
    try {
      return join(realpathSync(existing), ...missing.reverse());
    } catch {
      if (dirname(existing) === existing) return resolve(path);
      missing.push(basename(existing));
    }
  }
}

const isInside = (path: string, folder: string) =>
  path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);

/** Why `target` (canonical) belongs to the live database, or undefined when it does not. */
function liveDatabaseReason(target: string, liveDatabase: string): string | undefined {
  if (liveDatabase === ":memory:") return undefined;
  const live = canonical(liveDatabase);
  const [wal, shm, journal] = sideFilesOf(live);
  const files: Array<[string | undefined, string]> = [
    [live, "it is Interlude's live database"],
    [wal, "it is the live database's write-ahead log"],
    [shm, "it is the live database's shared-memory file"],
    [journal, "it is the live database's journal"],
    [spoolFileBeside(live), "it is the live database's risk spool"],
  ];
  const targetStats = statOrUndefined(target);
  for (const [file, reason] of files) {
    if (file === undefined) continue;
    if (file === target) return reason;
    // A hard link, or a name that differs only in case on a case-insensitive file system.
    const fileStats = targetStats && statOrUndefined(file);
    if (targetStats && fileStats && targetStats.dev === fileStats.dev && targetStats.ino === fileStats.ino) {
      return reason;
    }
  }
  const folder = canonical(dirname(resolve(liveDatabase)));
  if (target === folder) return "it is Interlude's data folder";
  if (isInside(target, folder)) return "it is inside Interlude's data folder";
  return undefined;
}

function writableDirectory(path: string): boolean {
  try {
    if (!statSync(path).isDirectory()) return false;
    accessSync(path, constants.W_OK | constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Refuses, unless --force, when any of `files` exists (a dangling symbolic link counts: the name is taken). */
export function refuseExisting(files: readonly string[], force: boolean, option = "--out"): void {
  if (force) return;
  const taken = files.filter((file) => statOrUndefined(file, false) !== undefined);
  if (taken.length === 0) return;
  throw new CliUsageError(
    `${option}: refusing to write ${taken.join(", ")}: ${taken.length === 1 ? "it already exists" : "they already exist"}; choose another name or add --force to replace ${taken.length === 1 ? "it" : "them"}`,
  );
}

/** Checks `out` against the rules above; returns the absolute path to write to. */
export function checkOutPath(out: string, rules: OutPathRules): string {
  const option = rules.option ?? "--out";
  const path = resolve(out);
  const target = canonical(path);
  const reason = liveDatabaseReason(target, rules.liveDatabase);
  if (reason !== undefined) {
    const shown = target === path ? out : `${out} (which is ${target})`;
    const folder = canonical(dirname(resolve(rules.liveDatabase)));
    throw new CliUsageError(`${option}: refusing to write ${shown}: ${reason}; choose a path outside ${folder}`);
  }
  const kind = statOrUndefined(path);
  if (rules.expect === "file" && kind?.isDirectory()) {
    throw new CliUsageError(`${option}: ${path} is a directory; give a file name`);
  }
  if (rules.expect === "directory" && kind !== undefined && !kind.isDirectory()) {
    throw new CliUsageError(`${option}: ${path} is a file; give a directory`);
  }
  const folder = rules.expect === "directory" && kind?.isDirectory() ? path : dirname(path);
  if (!writableDirectory(folder)) {
    throw new CliUsageError(`${option}: cannot write in ${folder} (missing or not writable)`);
  }
  if (rules.expect === "file") refuseExisting([path], rules.force, option);
  return path;
}
