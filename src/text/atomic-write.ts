/**
 * Export files appear whole or not at all: each is written to a temporary name beside its target
 * (same file system, so the rename is atomic), flushed to disk, then moved into place. Files are
 * created 0600 (directories 0700) whatever the umask: they hold a client's health-related data and are
 * for one reader. Unless told to replace, an existing file is never overwritten: the temporary file is
 * hard-linked to the target name, which fails if the name was taken meanwhile, instead of renamed.
 */
import { randomBytes } from "node:crypto";
import {
  closeSync,
  existsSync,
  fchmodSync,
  fsyncSync,
  linkSync,
  mkdtempSync,
  openSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";

export interface NamedContent {
  name: string;
  content: string;
}

export interface WriteOptions {
  /** Replace a file already at the target (the person asked with --force). Default: refuse. */
  replace?: boolean;
}

function tempNameFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
}

/** Creates `path` (which must not exist) with `content`, 0600, flushed to disk. */
function writeNewFile(path: string, content: string): void {
  const fd = openSync(path, "wx", 0o600);
  try {
    fchmodSync(fd, 0o600);
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function alreadyExists(path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`EEXIST: file already exists, '${path}'`), { code: "EEXIST", path });
}

/** File systems without hard links answer link() with one of these. */
const noHardLinks = new Set(["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS"]);

/** Moves a finished temporary file to `target`: replacing what is there, or failing with EEXIST if anything is. */
function moveIntoPlace(temp: string, target: string, replace: boolean): void {
  if (replace) {
    renameSync(temp, target);
    return;
  }
  try {
    linkSync(temp, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    if (!noHardLinks.has(code)) throw error;
    // The best that can be done without hard links: look, then rename.
    if (existsSync(target)) throw alreadyExists(target);
    renameSync(temp, target);
    return;
  }
  rmSync(temp, { force: true });
}

export function writeFileAtomic(path: string, content: string, options: WriteOptions = {}): void {
  const temp = tempNameFor(path);
  try {
    writeNewFile(temp, content);
    moveIntoPlace(temp, path, options.replace === true);
  } finally {
    rmSync(temp, { force: true });
  }
}

/**
 * Writes several files into `dir`. A new directory is built under a temporary name and renamed into
 * place in one step. Into an existing directory, every file is written under a temporary name first
 * and only then moved into place, so a failure while writing (or a name already taken, unless
 * replacing) leaves the directory as it was.
 */
export function writeFilesAtomic(dir: string, files: readonly NamedContent[], options: WriteOptions = {}): void {
  if (!existsSync(dir)) {
    const temp = mkdtempSync(join(dirname(dir), `.${basename(dir)}.tmp-`));
    try {
      for (const file of files) writeNewFile(join(temp, file.name), file.content);
      renameSync(temp, dir);
    } catch (error) {
      rmSync(temp, { recursive: true, force: true });
      throw error;
    }
    return;
  }
  const written: Array<{ temp: string; target: string }> = [];
  const placed: string[] = [];
  try {
    for (const file of files) {
      const target = join(dir, file.name);
      const temp = tempNameFor(target);
      written.push({ temp, target });
      writeNewFile(temp, file.content);
    }
    for (const { temp, target } of written) {
      moveIntoPlace(temp, target, options.replace === true);
      placed.push(target);
    }
  } catch (error) {
    // Only files this call created are taken back; a replaced file cannot be, so replacing is asked for.
    if (options.replace !== true) for (const target of placed) rmSync(target, { force: true });
    throw error;
  } finally {
    for (const { temp } of written) rmSync(temp, { force: true });
  }
}
