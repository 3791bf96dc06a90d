/**
 * The node arguments `npm start` runs the service with, read from package.json's "start" script, so
 * the start-up benchmark and the tests that run the built program spawn exactly what `npm start`
 * does (flags included) and cannot drift from it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** ["--max-semi-space-size=1", "dist/src/main.js"] for a start script "node --max-semi-space-size=1 dist/src/main.js". */
export function startArgs(root) {
  const start = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts?.start ?? "";
  const [command, ...args] = start.trim().split(/\s+/);
  if (command !== "node" || args.at(-1) !== "dist/src/main.js") {
    throw new Error(`package.json's start script should be "node [flags] dist/src/main.js", not "${start}"`);
  }
  return args;
}
