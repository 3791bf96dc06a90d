/**
 * Interlude's own files hold health-related data and are for the service user alone: folders 0700,
 * files 0600. The modes are set explicitly rather than left to the umask: SQLite creates a database
 * 0644 less the umask, so under a umask of 0 (or the common 022) anyone on the machine could read it.
 * Files found looser than that are tightened, and each repair is reported so the operator learns
 * that the data was open to others.
 */
import {
  chmodSync,
  closeSync,
  fchmodSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  writeSync,
} from "node:fs";
import { dirname, resolve } from "node:path";

export const privateFileMode = 0o600;
export const privateFolderMode = 0o700;

/** A file or folder that others could read or write, and the modes before and after (octal, e.g. "0644"). */
export interface ModeRepair {
  path: string;
  from: string;
  to: string;
}

const octal = (mode: number) => `0${(mode & 0o777).toString(8).padStart(3, "0")}`;

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** Creates `folder` and any missing parents, each 0700. */
export function makePrivateFolder(folder: string): void {
  const first = mkdirSync(folder, { recursive: true, mode: privateFolderMode });
  if (first === undefined) return;
  // Every folder from `folder` up to the first one created is new, so it is Interlude's to set.
  const top = resolve(first);
  for (let current = resolve(folder); ; current = dirname(current)) {
    chmodSync(current, privateFolderMode);
    if (current === top || current === dirname(current)) break;
  }
}

/** Removes group and other access from an existing file or folder; returns what changed, if anything. */
export function tightenMode(path: string): ModeRepair | undefined {
  const stats = statOrUndefined(path);
  if (!stats) return undefined;
  const current = stats.mode & 0o777;
  if ((current & 0o077) === 0) return undefined;
  const tightened = current & 0o700;
  chmodSync(path, tightened);
  return { path, from: octal(current), to: octal(tightened) };
}

/**
 * The folder that holds the database: created 0700, or tightened when it already exists. A shared
 * folder (sticky bit, like /tmp) or one owned by someone else is not Interlude's to change; the files
 * in it are still 0600.
 */
export function securePrivateFolder(folder: string): ModeRepair | undefined {
  const stats = statOrUndefined(folder);
  if (!stats) {
    makePrivateFolder(folder);
    return undefined;
  }
  const sticky = (stats.mode & 0o1000) !== 0;
  const ours = process.getuid === undefined || stats.uid === process.getuid();
  return sticky || !ours ? undefined : tightenMode(folder);
}

/** Creates an empty file 0600 (whatever the umask); returns false when it already existed. */
export function createPrivateFile(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, "wx", privateFileMode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  try {
    fchmodSync(fd, privateFileMode);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** A file created now is made 0600; an existing one is tightened, and the repair returned. */
export function securePrivateFile(path: string): ModeRepair | undefined {
  return createPrivateFile(path) ? undefined : tightenMode(path);
}

/** Sets an existing file to 0600 (a file just created by SQLite); a missing file is left missing. */
export function setPrivateMode(path: string): void {
  if (statOrUndefined(path)) chmodSync(path, privateFileMode);
}

/**
 * Copies `source` into a new file `target` that is 0600 from its first byte (copyFileSync would give
 * it the source's mode), flushed to disk.
 */
export function copyIntoPrivateFile(source: string, target: string): void {
  const content = readFileSync(source);
  const fd = openSync(target, "wx", privateFileMode);
  try {
    fchmodSync(fd, privateFileMode);
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
