/**
 * `backup` while another process keeps writing, as the bot does beside the CLI: a child process commits
 * check-ins (an occurrence and its four answers per transaction) as fast as it can, before, during and
 * after the copy. The copy must be the database as it was at one moment: integrity and foreign keys
 * sound, whole transactions only (four answers per check-in, ids without gaps), counts between those
 * before and after the backup, every other table exactly as in the source, and it must restore.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FakeClock } from "../../src/clock.js";
import { type DatabaseHandle, openDatabase } from "../../src/db/connection.js";
import { cli, setUp } from "../helpers/cli.js";

const root = resolve(import.meta.dirname, "../..");
let child: ChildProcess | undefined;

afterEach(() => {
  child?.kill("SIGKILL");
  child = undefined;
});

function count(handle: DatabaseHandle, table: string, where = ""): number {
  return handle.sqlite.prepare(`select count(*) from ${table} ${where}`).pluck().get() as number;
}

/** Starts the writer and resolves once its first check-in is committed. */
function startWriter(db: string, clientId: number): Promise<ChildProcess> {
  const writer = spawn(process.execPath, ["--import", "tsx", "tests/fakes/checkin-writer.ts"], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", WRITER_DB: db, WRITER_CLIENT: String(clientId) },
  });
  child = writer;
  return new Promise((ready, fail) => {
    let errors = "";
    writer.stderr?.on("data", (chunk: Buffer) => {
      errors += chunk.toString("utf8");
    });
    writer.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString("utf8").includes("writing")) ready(writer);
    });
    writer.on("exit", (code) => fail(new Error(`writer exited (${code}): ${errors}`)));
  });
}

describe("backup while another process writes", () => {
  it("is one consistent moment of the database, and restores", async () => {
    const dir = mkdtempSync(join(tmpdir(), "interlude-backup-"));
    // The database in a data folder of its own; the copy goes outside it, where backups may be written.
    const live = join(dir, "data", "interlude.db");
    const handle = openDatabase(live);
    const c = cli({ INTERLUDE_DB: live }, { handle, clock: new FakeClock() });
    const { clientId } = await setUp(c);
    // Some bulk (about 30 MB of old messages), so the copy takes long enough for writes to land during it.
    const bulk = handle.sqlite.prepare(
      "insert into outbox (platform, chat_id, payload, priority, status, next_attempt_at, dedupe_key, created_at) values ('console', 'bulk', ?, 1, 'sent', 0, ?, 0)",
    );
    handle.sqlite.transaction(() => {
      const payload = JSON.stringify({ kind: "message", text: "x".repeat(3_000) });
      for (let i = 0; i < 10_000; i += 1) bulk.run(payload, `bulk-${i}`);
    })();

    await startWriter(live, clientId);
    const before = count(handle, "occurrences");
    const out = join(dir, "copy.db");
    const taken = await c.run("backup", "--out", out, "--json");
    const after = count(handle, "occurrences");
    child?.kill("SIGKILL");
    expect(taken, taken.err).toMatchObject({ code: 0, err: "" });
    // The writer committed while the backup ran.
    expect(after).toBeGreaterThan(before);

    const verified = await c.json("backup", "verify", out);
    expect(verified).toMatchObject({ ok: true, problems: [], integrity: ["ok"], foreignKeyViolations: 0 });
    const tables = verified.tables as Record<string, number>;
    const copied = tables.occurrences as number;
    expect(copied).toBeGreaterThanOrEqual(before);
    expect(copied).toBeLessThanOrEqual(after);
    // Whole transactions only, and a prefix of them: the source as it was after its `copied`-th commit.
    expect(tables.answers).toBe(4 * copied);
    // Restoring is putting the file in place and starting: migrations and the foreign key check run.
    copyFileSync(out, join(dir, "restored.db"));
    const reopened = openDatabase(join(dir, "restored.db"));
    expect(count(reopened, "occurrences", `where id <= ${copied}`)).toBe(copied);
    for (const [table, rows] of Object.entries(tables)) {
      expect(count(reopened, table), table).toBe(rows);
      if (table === "occurrences") continue;
      const source =
        table === "answers"
          ? count(handle, "answers", `where occurrence_id <= ${copied}`)
          : table === "audit_log"
            ? count(handle, "audit_log", "where action <> 'backup.taken' and action <> 'backup.verified'")
            : count(handle, table);
      expect(rows, table).toBe(source);
    }
    reopened.close();
    handle.close();
  }, 60_000);
});
