/**
 * `retention run` (dry run, one practice, bad input) and `backup` / `backup verify` from the CLI: the
 * copy and its spool, refusing to overwrite, and a verify that tells a sound copy from a truncated, a
 * damaged, a foreign and a missing one. Bad input exits 2 and changes nothing.
 */
import {
  closeSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { DAY, FakeClock } from "../../src/clock.js";
import { openDatabase } from "../../src/db/connection.js";
import { auditLog } from "../../src/db/schema.js";
import { FileRiskSpool } from "../../src/safety/spool.js";
import { cli, setUp, snapshot } from "../helpers/cli.js";
import { recordCheckin } from "../helpers/history.js";

async function withHistory() {
  const c = cli({ INTERLUDE_DB: ":memory:" });
  const ids = await setUp(c);
  const now = c.clock.now().getTime();
  recordCheckin(c.handle.db, ids.clientId, new Date(now - 400 * DAY), [4, 4, 4, 4], { note: "a year ago" });
  recordCheckin(c.handle.db, ids.clientId, new Date(now - DAY), [3, 3, 3, 3], { note: "yesterday" });
  return { c, ids };
}

function actions(c: ReturnType<typeof cli>) {
  return c.handle.db
    .select()
    .from(auditLog)
    .all()
    .map((e): [string, string, string] => [e.actor, e.action, e.subject]);
}

describe("retention run", () => {
  it("--dry-run prints what would go, per practice and table, and changes nothing", async () => {
    const { c, ids } = await withHistory();
    const before = snapshot(c.handle);
    const dry = await c.json("retention", "run", "--dry-run");
    expect(dry).toMatchObject({
      dryRun: true,
      practices: [{ practiceId: ids.practiceId, retentionDays: 365, counts: { answers: 5, occurrences: 1 } }],
      housekeeping: { processedUpdates: 0, enrolmentAttempts: 0 },
    });
    const human = await c.run("retention", "run", "--dry-run");
    expect(human.code).toBe(0);
    expect(human.out.join("\n")).toMatch(
      /nothing was changed[\s\S]*practice \d+ \(365 days.*5 answers and notes, 1 check-ins/,
    );
    expect(snapshot(c.handle)).toEqual(before);
  });

  it("purges and audits as the CLI, with the same counts the dry run gave", async () => {
    const { c, ids } = await withHistory();
    const dry = await c.json("retention", "run", "--dry-run");
    const real = await c.json("retention", "run");
    expect(real).toEqual({ ...dry, dryRun: false });
    expect(actions(c).slice(-2)).toEqual([
      ["cli", "retention.purged", `practice:${ids.practiceId}`],
      ["cli", "retention.purged", "retention"],
    ]);
    const notes = c.handle.sqlite.prepare("select text from answers where text is not null").pluck().all();
    expect(notes).toEqual(["yesterday"]);
  });

  it("--practice limits the run to that practice and leaves housekeeping to a full run", async () => {
    const { c, ids } = await withHistory();
    const one = await c.json("retention", "run", "--practice", String(ids.practiceId));
    expect(one).toMatchObject({ practices: [{ practiceId: ids.practiceId }], housekeeping: null });
    expect(actions(c).at(-1)).toEqual(["cli", "retention.purged", `practice:${ids.practiceId}`]);
  });

  it("bad input: exit 2, nothing changed", async () => {
    const { c } = await withHistory();
    const before = snapshot(c.handle);
    for (const argv of [
      ["retention", "run", "--practice", "99"],
      ["retention", "run", "--practice", "x"],
      ["retention", "run", "--days", "3"],
      ["retention", "run", "now"],
      ["retention", "go"],
    ]) {
      const result = await c.run(...argv);
      expect(result.code, argv.join(" ")).toBe(2);
    }
    expect((await c.run("retention", "run", "--practice", "99")).err).toContain("no practice with id 99");
    expect(snapshot(c.handle)).toEqual(before);
  });
});

/**
 * A live database file with a practice and some history, and the CLI on it. The database has a data
 * folder of its own, as in production; copies go to `dir`, outside it (nothing may be written inside).
 */
async function liveDatabase() {
  const dir = mkdtempSync(join(tmpdir(), "interlude-maintenance-"));
  const live = join(dir, "data", "interlude.db");
  const c = cli({ INTERLUDE_DB: live }, { handle: openDatabase(live), clock: new FakeClock() });
  const ids = await setUp(c);
  // Enough history (a few MB) that the middle of the file is data pages, well past the schema.
  c.handle.db.transaction((tx) => {
    for (let day = 0; day < 600; day += 1) {
      const at = new Date(Date.parse("2025-06-01T09:00:00Z") + day * DAY);
      recordCheckin(tx, ids.clientId, at, [3, 4, 4, 5], { note: `note ${day} `.repeat(40) });
    }
  });
  return { c, dir, live, ids };
}

function tableCounts(c: ReturnType<typeof cli>): Record<string, number> {
  return Object.fromEntries(Object.entries(snapshot(c.handle)).map(([table, rows]) => [table, rows.length]));
}

describe("backup", () => {
  it("copies the database and its risk spool; verify finds it sound with the source's counts; it restores", async () => {
    const { c, dir, live } = await liveDatabase();
    new FileRiskSpool(`${live}.risk-spool`).append({
      platform: "console",
      platformUserId: "user-1",
      updateId: "u-1",
      kind: "risk_text",
      at: 1,
    });
    const counts = tableCounts(c);
    const out = join(dir, "copy.db");
    const taken = await c.json("backup", "--out", out);
    expect(taken).toMatchObject({ file: out, spool: `${out}.risk-spool` });
    expect(readFileSync(`${out}.risk-spool`, "utf8")).toBe(readFileSync(`${live}.risk-spool`, "utf8"));

    const verified = await c.json("backup", "verify", out);
    expect(verified).toMatchObject({ ok: true, problems: [], spool: { entries: 1, unreadable: 0 } });
    expect(verified.tables).toEqual(counts);
    // One self-contained file: no -wal or -shm beside it, even after verifying.
    expect(() => statSync(`${out}-wal`)).toThrow();

    const human = await c.run("backup", "verify", out);
    expect(human.out[0]).toBe(`${out}: sound`);
    expect(human.out.join("\n")).toContain("risk spool copy: 1 entry");

    const restoredPath = join(dir, "restored.db");
    copyFileSync(out, restoredPath);
    const restored = openDatabase(restoredPath);
    expect(
      Object.fromEntries(
        Object.keys(counts).map((t) => [t, restored.sqlite.prepare(`select count(*) from "${t}"`).pluck().get()]),
      ),
    ).toEqual(counts);
    restored.close();
    expect(actions(c).filter(([, action]) => action.startsWith("backup."))).toEqual([
      ["cli", "backup.taken", "database"],
      ["cli", "backup.verified", "backup"],
      ["cli", "backup.verified", "backup"],
    ]);
  });

  it("refuses to overwrite without --force, or to write over the live database; exit 2, nothing changed", async () => {
    const { c, dir, live } = await liveDatabase();
    const out = join(dir, "copy.db");
    writeFileSync(out, "precious");
    const before = snapshot(c.handle);
    const refusals = [
      ["backup", "--out", out],
      ["backup"],
      ["backup", "--out", join(dir, "no-such-folder", "copy.db")],
      ["backup", "--out", live, "--force"],
      ["backup", "--out", `${live}-wal`, "--force"],
      ["backup", "--out", dir, "--force"],
      ["backup", "verify", out, "--out", out],
    ];
    for (const argv of refusals) expect((await c.run(...argv)).code, argv.join(" ")).toBe(2);
    expect((await c.run("backup", "--out", out)).err).toContain("already exists");
    expect(readFileSync(out, "utf8")).toBe("precious");
    expect(snapshot(c.handle)).toEqual(before);

    const forced = await c.run("backup", "--out", out, "--force");
    expect(forced.code).toBe(0);
    expect((await c.json("backup", "verify", out)).ok).toBe(true);
  });
});

describe("backup verify", () => {
  async function copyOf(name: string) {
    const { c, dir } = await liveDatabase();
    const good = join(dir, "good.db");
    expect((await c.run("backup", "--out", good)).code).toBe(0);
    const file = join(dir, name);
    copyFileSync(good, file);
    return { c, dir, file };
  }

  async function unsound(c: ReturnType<typeof cli>, file: string) {
    const result = await c.run("backup", "verify", file, "--json");
    expect(result.code).toBe(1);
    const check = JSON.parse(result.out[0] as string) as { ok: boolean; problems: string[] };
    expect(check.ok).toBe(false);
    expect(check.problems.length).toBeGreaterThan(0);
    expect(result.err).toContain("not sound");
    return check;
  }

  it("catches a copy with pages overwritten in the middle", async () => {
    const { c, file } = await copyOf("damaged.db");
    const size = statSync(file).size;
    const fd = openSync(file, "r+");
    writeSync(fd, Buffer.alloc(8 * 4096, 0xa5), 0, 8 * 4096, Math.floor(size / 2 / 4096) * 4096);
    closeSync(fd);
    expect((await unsound(c, file)).problems[0]).toMatch(/^integrity check: /);
  });

  it("catches a copy whose rows refer to rows that are gone", async () => {
    const { c, file } = await copyOf("orphans.db");
    const damaged = new Database(file);
    damaged.pragma("foreign_keys = OFF");
    damaged.exec("delete from occurrences where id = 3");
    damaged.close();
    const check = await unsound(c, file);
    expect(check).toMatchObject({ foreignKeyViolations: 5, integrity: ["ok"] });
    expect(check.problems).toEqual(["foreign key check: 5 row(s) refer to rows that do not exist"]);
  });

  it("catches a truncated copy", async () => {
    const { c, file } = await copyOf("truncated.db");
    truncateSync(file, Math.floor(statSync(file).size / 2));
    await unsound(c, file);
  });

  it("catches a file that is not a database, and a database that is not Interlude's", async () => {
    const { c, dir } = await copyOf("unused.db");
    const text = join(dir, "notes.txt");
    writeFileSync(text, "this is not a database\n".repeat(500));
    expect((await unsound(c, text)).problems).toEqual(["unreadable as a SQLite database: file is not a database"]);
    const foreign = join(dir, "foreign.db");
    const other = new Database(foreign);
    other.exec("create table things (id integer primary key)");
    other.close();
    expect((await unsound(c, foreign)).problems.join(" ")).toContain("not an Interlude database");
    expect(actions(c).filter(([, action]) => action === "backup.verified")).toHaveLength(2);
  });

  it("a missing or unreadable file is bad input: exit 2", async () => {
    const { c, dir } = await copyOf("unused.db");
    const before = snapshot(c.handle);
    expect((await c.run("backup", "verify", join(dir, "missing.db"))).code).toBe(2);
    mkdirSync(join(dir, "folder.db"));
    expect((await c.run("backup", "verify", join(dir, "folder.db"))).code).toBe(2);
    expect((await c.run("backup", "verify")).code).toBe(2);
    expect(snapshot(c.handle)).toEqual(before);
  });
});
