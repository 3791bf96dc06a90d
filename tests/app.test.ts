/**
 * Building the app on a database file that others could read: start-up tightens it to 0600 and says so
 * in one warning per file (the file and its old and new mode, nothing from inside it).
 */
import { chmodSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { FakeClock } from "../src/clock.js";
import { loadConfig } from "../src/config.js";
import { openDatabase } from "../src/db/connection.js";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n")) if (line.trim() !== "") lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ level: "info" }, stream), lines };
}

describe("createApp", () => {
  it("tightens a database file others could read, and logs the file with its old and new mode", () => {
    dir = mkdtempSync(join(tmpdir(), "interlude-app-"));
    const path = join(dir, "interlude.db");
    openDatabase(path).close();
    chmodSync(path, 0o644);
    const { logger, lines } = capturingLogger();

    const app = createApp(loadConfig({ INTERLUDE_DB: path }), new FakeClock(), logger);
    app.database.close();

    expect(statSync(path).mode & 0o777).toBe(0o600);
    const repairs = lines.filter((line) => line.msg === "file was open to other users; mode tightened");
    expect(repairs).toEqual([expect.objectContaining({ level: 40, file: path, from: "0644", to: "0600" })]);
  });
});
