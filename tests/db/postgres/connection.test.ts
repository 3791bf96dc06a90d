/**
 * Opening PostgreSQL: migrations at open (twice is harmless), the audit log's append-only triggers,
 * a pool that survives a failing idle connection, and errors that never quote the password.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, expect, it } from "vitest";
import { openPostgres, PostgresOpenError, postgresMigrationsFolder } from "../../../src/db/postgres/connection.js";
import {
  describePostgres,
  freshPostgresDatabase,
  type ScratchDatabase,
  urlForDatabase,
} from "../../helpers/postgres.js";

/** The migrations drizzle-kit generated, by its journal: each applied once, none twice. */
function postgresMigrations(): unknown[] {
  const journal = JSON.parse(readFileSync(join(postgresMigrationsFolder, "meta", "_journal.json"), "utf8"));
  return journal.entries as unknown[];
}

describePostgres("openPostgres", () => {
  let scratch: ScratchDatabase | undefined;
  afterAll(async () => {
    await scratch?.drop();
  });

  it("migrates a fresh database, and opening it again changes nothing", { timeout: 60_000 }, async () => {
    scratch = await freshPostgresDatabase();
    const first = await openPostgres(scratch.url);
    await first.close();
    const second = await openPostgres(scratch.url);
    try {
      const applied = await second.pool.query("SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations");
      expect(applied.rows[0]?.n).toBe(postgresMigrations().length);
      const tables = await second.pool.query("SELECT 1 FROM pg_tables WHERE schemaname = 'public'");
      expect(tables.rowCount).toBeGreaterThan(10);
    } finally {
      await second.close();
    }
  });

  it("keeps the audit log append-only, as on SQLite", { timeout: 60_000 }, async () => {
    scratch ??= await freshPostgresDatabase();
    const handle = await openPostgres(scratch.url);
    try {
      await handle.pool.query(
        "INSERT INTO audit_log (at, actor, action, subject) VALUES (now(), 'cli', 'test', 'client:7')",
      );
      await expect(handle.pool.query("UPDATE audit_log SET action = 'x'")).rejects.toThrow(/append-only/);
      await expect(handle.pool.query("DELETE FROM audit_log")).rejects.toThrow(/append-only/);
      await handle.pool.query("INSERT INTO erasures (client_id, erased_at, actor) VALUES (7, now(), 'cli')");
      await handle.pool.query("DELETE FROM audit_log");
      const left = await handle.pool.query("SELECT 1 FROM audit_log");
      expect(left.rowCount).toBe(0);
    } finally {
      await handle.close();
    }
  });

  it("logs a failing idle connection by kind and keeps running", { timeout: 60_000 }, async () => {
    scratch ??= await freshPostgresDatabase();
    const lines: string[] = [];
    const logger = pino(
      { level: "info" },
      new Writable({
        write: (chunk, _encoding, done) => {
          lines.push(String(chunk));
          done();
        },
      }),
    );
    const handle = await openPostgres(scratch.url, { logger });
    try {
      handle.pool.emit(
        "error",
        Object.assign(new Error("connection to postgres://u:leaked@h lost"), { code: "57P01" }),
      );
      expect(lines.join("")).toContain("postgres: an idle connection failed");
      expect(lines.join("")).not.toContain("leaked");
      const still = await handle.pool.query("SELECT 1 AS one");
      expect(still.rows[0]?.one).toBe(1);
    } finally {
      await handle.close();
    }
  });

  it("fails with the database named but never its password", { timeout: 60_000 }, async () => {
    const url = new URL(urlForDatabase("interlude_no_such_database"));
    url.password = "hunter2-secret";
    const error = await openPostgres(url.toString()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PostgresOpenError);
    const message = (error as Error).message;
    expect(message).toContain("interlude_no_such_database");
    expect(message).not.toContain("hunter2-secret");
  });
});
