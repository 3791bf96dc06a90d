/**
 * The audit log is append-only, enforced by the database itself (triggers in drizzle/0003_privacy.sql):
 * no UPDATE ever, DELETE only of entries about a client with a tombstone in `erasures`. The triggers
 * are hand-appended to a generated migration, so one test runs drizzle's migrator over a database at
 * the previous migration, as an upgrade in the field would.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { describe, expect, it } from "vitest";
import { type DatabaseHandle, openDatabase, openInMemoryDatabase } from "../../src/db/connection.js";
import { audit } from "../../src/db/repos/audit.js";
import { auditLog, erasures } from "../../src/db/schema.js";

const now = new Date("2026-01-05T09:00:00Z");
const appendOnly = /audit_log is append-only/;

function withEntries(handle: DatabaseHandle) {
  audit(handle.db, { actor: "cli", action: "client.created", subject: "client:5" }, now);
  audit(handle.db, { actor: "client:5", action: "consent.accepted", subject: "client:5" }, now);
  audit(handle.db, { actor: "client:5", action: "answer.recorded", subject: "occurrence:1" }, now);
  audit(handle.db, { actor: "cli", action: "client.created", subject: "client:50" }, now);
  audit(handle.db, { actor: "cli", action: "schedule.set", subject: "schedule:1" }, now);
  return handle;
}

const subjects = (handle: DatabaseHandle) =>
  handle.db
    .select()
    .from(auditLog)
    .all()
    .map((r) => `${r.actor} ${r.subject}`);

describe("the audit log", () => {
  it("refuses every UPDATE", () => {
    const handle = withEntries(openInMemoryDatabase());
    const before = subjects(handle);
    expect(() => handle.db.update(auditLog).set({ action: "something.else" }).run()).toThrow(appendOnly);
    expect(() => handle.sqlite.prepare("update audit_log set detail = null where id = 1").run()).toThrow(appendOnly);
    // Even for an erased client: erasure deletes, it never rewrites.
    handle.db.insert(erasures).values({ clientId: 5, erasedAt: now, actor: "cli" }).run();
    expect(() => handle.db.update(auditLog).set({ subject: "client:0" }).where(eq(auditLog.id, 1)).run()).toThrow(
      appendOnly,
    );
    expect(subjects(handle)).toEqual(before);
  });

  it("refuses DELETE while nobody is erased", () => {
    const handle = withEntries(openInMemoryDatabase());
    expect(() => handle.db.delete(auditLog).run()).toThrow(appendOnly);
    expect(() => handle.db.delete(auditLog).where(eq(auditLog.subject, "client:5")).run()).toThrow(appendOnly);
    expect(subjects(handle)).toHaveLength(5);
  });

  it("allows DELETE only of entries whose subject or actor is an erased client", () => {
    const handle = withEntries(openInMemoryDatabase());
    handle.db.insert(erasures).values({ clientId: 5, erasedAt: now, actor: "cli" }).run();
    // One statement that also touches someone else's entries fails as a whole.
    expect(() => handle.db.delete(auditLog).run()).toThrow(appendOnly);
    expect(() => handle.db.delete(auditLog).where(eq(auditLog.subject, "client:50")).run()).toThrow(appendOnly);
    expect(subjects(handle)).toHaveLength(5);

    handle.sqlite.prepare("delete from audit_log where subject = 'client:5' or actor = 'client:5'").run();
    expect(subjects(handle)).toEqual(["cli client:50", "cli schedule:1"]);
  });

  it("gets its triggers from drizzle's migrator when an existing database is upgraded", () => {
    const dir = mkdtempSync(join(tmpdir(), "interlude-audit-"));
    try {
      // The migrations as they were before this one: the same files, with the journal cut short.
      const full = resolve(fileURLToPath(import.meta.url), "../../../drizzle");
      const previous = join(dir, "previous");
      mkdirSync(join(previous, "meta"), { recursive: true });
      const journal = JSON.parse(readFileSync(join(full, "meta/_journal.json"), "utf8")) as {
        entries: Array<{ tag: string }>;
      };
      const index = journal.entries.findIndex((e) => e.tag === "0003_privacy");
      expect(index).toBeGreaterThan(0);
      const kept = journal.entries.slice(0, index);
      writeFileSync(join(previous, "meta/_journal.json"), JSON.stringify({ ...journal, entries: kept }));
      for (const entry of kept) cpSync(join(full, `${entry.tag}.sql`), join(previous, `${entry.tag}.sql`));

      const path = join(dir, "old.db");
      const old = new Database(path);
      migrate(drizzle(old), { migrationsFolder: previous });
      old
        .prepare("insert into audit_log (at, actor, action, subject) values (1, 'cli', 'client.created', 'client:1')")
        .run();
      expect(old.prepare("select count(*) from sqlite_master where type = 'trigger'").pluck().get()).toBe(0);
      old.close();

      const upgraded = openDatabase(path);
      try {
        const triggers = upgraded.sqlite
          .prepare("select name from sqlite_master where type = 'trigger' order by name")
          .pluck()
          .all();
        expect(triggers).toEqual(["audit_log_delete_only_erased", "audit_log_no_update"]);
        expect(() => upgraded.sqlite.prepare("delete from audit_log").run()).toThrow(appendOnly);
        expect(subjects(upgraded)).toEqual(["cli client:1"]);
      } finally {
        upgraded.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
