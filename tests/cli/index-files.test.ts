/**
 * The real CLI entry point, run as a child process on a database file: `summary --out <the database>` is
 * refused with exit 2 and leaves the database byte for byte as it was (it used to replace it with a
 * summary and exit 0), and a command that opens a database others could read tightens it to 0600 and
 * says so on stderr.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/connection.js";
import { createPractice, createTherapist } from "../../src/db/repos/people.js";

const root = resolve(import.meta.dirname, "../..");
let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** The CLI's real entry point from source (what `npm run -s cli` builds and runs), as a child process. */
function cliProcess(args: string[], db: string) {
  const run = spawnSync(process.execPath, ["--import", "tsx", "src/cli/index.ts", ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", INTERLUDE_DB: db },
    encoding: "utf8",
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const digest = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

describe("the CLI on a database file", () => {
  it("refuses `summary --out` naming the live database, and tightens a database others could read", () => {
    dir = mkdtempSync(join(tmpdir(), "interlude-cli-files-"));
    const live = join(dir, "data", "interlude.db");
    const handle = openDatabase(live);
    const now = new Date("2026-11-25T09:00:00Z");
    const practice = createPractice(handle.db, { name: "P", timezone: "UTC", locale: "en" }, now);
    const therapist = createTherapist(handle.db, { practiceId: practice.id, alias: "T1" }, now);
    handle.close();
    const before = digest(live);

    const refused = cliProcess(["summary", "--therapist", String(therapist.id), "--out", live], live);
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toContain(`refusing to write ${live}: it is Interlude's live database`);
    expect(refused.stdout).toBe("");
    expect(digest(live)).toBe(before);

    chmodSync(live, 0o644);
    const listed = cliProcess(["therapist", "list", "--json"], live);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stderr).toContain(`note: ${live} was open to other users (0644); it is now 0600`);
    expect(statSync(live).mode & 0o777).toBe(0o600);
  }, 120_000);
});
