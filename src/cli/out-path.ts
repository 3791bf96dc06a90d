/**
 * Checks where a command will write before it reads or changes anything, so a typo in `--out` fails
 * with exit 2 and nothing written, instead of after the work is done.
 */
import { accessSync, constants, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { CliUsageError } from "./context.js";

function writableDirectory(path: string): boolean {
  try {
    if (!statSync(path).isDirectory()) return false;
    accessSync(path, constants.W_OK | constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function kindOf(path: string): "missing" | "file" | "directory" {
  try {
    return statSync(path).isDirectory() ? "directory" : "file";
  } catch {
    return "missing";
  }
}

/**
 * `file`: a file to create or replace (its folder must exist and be writable). `directory`: a folder
 * to write into, or to create inside a writable folder. Returns the absolute path.
 */
export function checkOutPath(out: string, expect: "file" | "directory", option = "--out"): string {
  const path = resolve(out);
  const kind = kindOf(path);
  if (expect === "file" && kind === "directory") {
    throw new CliUsageError(`${option}: ${path} is a directory; give a file name`);
  }
  if (expect === "directory" && kind === "file") {
    throw new CliUsageError(`${option}: ${path} is a file; give a directory`);
  }
  const folder = expect === "directory" && kind === "directory" ? path : dirname(path);
  if (!writableDirectory(folder)) {
    throw new CliUsageError(`${option}: cannot write in ${folder} (missing or not writable)`);
  }
  return path;
}
