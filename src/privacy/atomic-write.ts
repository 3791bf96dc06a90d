/**
 * Export files appear whole or not at all: each is written to a temporary name beside its target
 * (same file system, so the rename is atomic), flushed to disk, then renamed into place. Files are
 * created 0600 (directories 0700): they hold a client's health-related data and are for one reader.
 */
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, fsyncSync, mkdtempSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";

export interface NamedContent {
  name: string;
  content: string;
}

function tempNameFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
}

/** Creates `path` (which must not exist) with `content`, flushed to disk. */
function writeNewFile(path: string, content: string): void {
  const fd = openSync(path, "wx", 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function writeFileAtomic(path: string, content: string): void {
  const temp = tempNameFor(path);
  try {
    writeNewFile(temp, content);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/**
 * Writes several files into `dir`. A new directory is built under a temporary name and renamed into
 * place in one step. Into an existing directory, every file is written under a temporary name first
 * and only then renamed, so a failure while writing leaves the directory as it was.
 */
export function writeFilesAtomic(dir: string, files: readonly NamedContent[]): void {
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
  try {
    for (const file of files) {
      const target = join(dir, file.name);
      const temp = tempNameFor(target);
      writeNewFile(temp, file.content);
      written.push({ temp, target });
    }
  } catch (error) {
    for (const { temp } of written) rmSync(temp, { force: true });
    throw error;
  }
  for (const { temp, target } of written) renameSync(temp, target);
}
