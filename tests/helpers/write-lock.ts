/**
 * Another process that holds a database file's write lock (BEGIN IMMEDIATE) until told to let go on
 * its stdin, or by itself after 4.5 s (inside the app's 5 s busy timeout, so a process blocked on the
 * lock cannot hang a test). It prints "locked" once it holds the lock and "released <epoch ms>" after.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createInterface } from "node:readline";

const lockScript = `
const Database = require("better-sqlite3");
const db = new Database(process.argv[1]);
db.exec("BEGIN IMMEDIATE");
process.stdout.write("locked\\n");
const release = () => {
  db.exec("ROLLBACK");
  process.stdout.write("released " + Date.now() + "\\n");
  process.exit(0);
};
process.stdin.once("data", release);
setTimeout(release, 4500);
`;

export function lockFile(path: string): {
  child: ChildProcessWithoutNullStreams;
  line: (prefix: string) => Promise<string>;
} {
  const child = spawn(process.execPath, ["-e", lockScript, path], { cwd: process.cwd() });
  const lines = createInterface({ input: child.stdout });
  const seen: string[] = [];
  const waiting: [string, (line: string) => void][] = [];
  lines.on("line", (line) => {
    seen.push(line);
    for (const [prefix, resolve] of waiting) if (line.startsWith(prefix)) resolve(line);
  });
  const line = (prefix: string) =>
    new Promise<string>((resolve) => {
      const known = seen.find((l) => l.startsWith(prefix));
      if (known) resolve(known);
      else waiting.push([prefix, resolve]);
    });
  return { child, line };
}
