/**
 * Opening a database file: the pragmas that keep committed data safe (WAL, synchronous=FULL, busy
 * timeout, foreign keys), every schema table present, idempotent migrations on re-open, and foreign
 * keys actually enforced. The files are the service user's alone whatever the umask: the folder 0700,
 * the database, its -wal and -shm 0600; looser modes found on existing files are tightened and reported.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getTableName, is } from "drizzle-orm";
import { SQLiteTable } from "drizzle-orm/sqlite-core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type DatabaseHandle, openDatabase } from "../../src/db/connection.js";
import type { ModeRepair } from "../../src/db/private-files.js";
import { createClient, createPractice, createTherapist } from "../../src/db/repos/people.js";
import * as schema from "../../src/db/schema.js";

const now = new Date("2026-01-05T09:00:00Z");
const schemaTables = Object.values(schema)
  .filter((value) => is(value, SQLiteTable))
  .map((table) => getTableName(table as SQLiteTable))
  .sort();

let dir: string;
let path: string;
const opened: DatabaseHandle[] = [];

function open(): DatabaseHandle {
  const handle = openDatabase(path);
  opened.push(handle);
  return handle;
}

function tablesIn(handle: DatabaseHandle): string[] {
  return handle.sqlite
    .prepare("select name from sqlite_master where type = 'table' order by name")
    .pluck()
    .all() as string[];
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "interlude-connection-"));
  // A directory that does not exist yet: opening creates it.
  path = join(dir, "nested", "interlude.db");
});

afterEach(() => {
  for (const handle of opened.splice(0)) if (handle.sqlite.open) handle.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("openDatabase on a file", () => {
  it("sets WAL, synchronous=FULL, a 5 s busy timeout and foreign keys", () => {
    const { sqlite } = open();
    expect(sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(sqlite.pragma("synchronous", { simple: true })).toBe(2);
    expect(sqlite.pragma("busy_timeout", { simple: true })).toBe(5000);
    expect(sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
  });

  it("creates every table of the schema", () => {
    expect(schemaTables).toEqual(expect.arrayContaining(["clients", "occurrences", "outbox", "practices"]));
    expect(tablesIn(open())).toEqual(expect.arrayContaining(schemaTables));
  });

  it("opens the same file again, keeping its rows and running no migration twice", () => {
    const first = open();
    const practice = createPractice(first.db, { name: "Kept", timezone: "UTC", locale: "en" }, now);
    const migrations = first.sqlite.prepare("select * from __drizzle_migrations").all();
    expect(migrations.length).toBeGreaterThan(0);
    first.close();

    const second = open();
    expect(second.sqlite.prepare("select id, name from practices").all()).toEqual([{ id: practice.id, name: "Kept" }]);
    expect(second.sqlite.prepare("select * from __drizzle_migrations").all()).toEqual(migrations);
    expect(second.sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(second.sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
  });

  it("lets a second connection open the file while the first is still open", () => {
    const first = open();
    const practice = createPractice(first.db, { name: "Shared", timezone: "UTC", locale: "en" }, now);
    const second = open();
    createTherapist(second.db, { practiceId: practice.id, alias: "T1" }, now);
    expect(first.sqlite.prepare("select count(*) from therapists").pluck().get()).toBe(1);
  });

  it("enforces foreign keys", () => {
    const { db, sqlite } = open();
    const practice = createPractice(db, { name: "P", timezone: "UTC", locale: "en" }, now);
    const therapist = createTherapist(db, { practiceId: practice.id, alias: "T1" }, now);
    const client = (practiceId: number, therapistId: number) =>
      createClient(db, { practiceId, therapistId, alias: "C1", locale: "en", checkinId: "alliance-safety" }, now);

    expect(() => client(9_999, therapist.id)).toThrow(/FOREIGN KEY/);
    expect(() => client(practice.id, 9_999)).toThrow(/FOREIGN KEY/);
    expect(() => createTherapist(db, { practiceId: 9_999, alias: "T2" }, now)).toThrow(/FOREIGN KEY/);
    expect(sqlite.prepare("select count(*) from clients").pluck().get()).toBe(0);
    // The same insert with real ids works.
    expect(client(practice.id, therapist.id).id).toBeGreaterThan(0);
  });
});

const modeOf = (file: string) => statSync(file).mode & 0o777;

/** Runs `body` with the process umask set to `mask`, restoring it afterwards. */
function withUmask<T>(mask: number, body: () => T): T {
  const previous = process.umask(mask);
  try {
    return body();
  } finally {
    process.umask(previous);
  }
}

describe("openDatabase file modes", () => {
  for (const mask of [0o022, 0o000]) {
    it(`creates the folder 0700 and the database, -wal and -shm 0600 under umask ${mask.toString(8).padStart(3, "0")}`, () => {
      const handle = withUmask(mask, () => {
        const opened = open();
        createPractice(opened.db, { name: "Written", timezone: "UTC", locale: "en" }, now);
        return opened;
      });
      expect(modeOf(join(dir, "nested"))).toBe(0o700);
      for (const file of [path, `${path}-wal`, `${path}-shm`]) {
        expect(existsSync(file), file).toBe(true);
        expect(modeOf(file), file).toBe(0o600);
      }
      handle.close();
    });
  }

  it("tightens looser modes on an existing folder, database, -wal, -shm and risk spool, and reports each", () => {
    open().close();
    const folder = join(dir, "nested");
    writeFileSync(`${path}-wal`, "");
    writeFileSync(`${path}-shm`, "");
    writeFileSync(`${path}.risk-spool`, "");
    chmodSync(folder, 0o755);
    for (const file of [path, `${path}-wal`, `${path}-shm`]) chmodSync(file, 0o644);
    chmodSync(`${path}.risk-spool`, 0o666);

    const repairs: ModeRepair[] = [];
    const handle = openDatabase(path, { onModeRepaired: (repair) => repairs.push(repair) });
    opened.push(handle);
    expect(repairs).toEqual([
      { path: folder, from: "0755", to: "0700" },
      { path, from: "0644", to: "0600" },
      { path: `${path}-wal`, from: "0644", to: "0600" },
      { path: `${path}-shm`, from: "0644", to: "0600" },
      { path: `${path}.risk-spool`, from: "0666", to: "0600" },
    ]);
    expect(modeOf(folder)).toBe(0o700);
    for (const file of [path, `${path}-wal`, `${path}-shm`, `${path}.risk-spool`])
      expect(modeOf(file), file).toBe(0o600);

    // Once tightened there is nothing more to report.
    const again: ModeRepair[] = [];
    opened.push(openDatabase(path, { onModeRepaired: (repair) => again.push(repair) }));
    expect(again).toEqual([]);
  });

  it("leaves a shared folder (sticky bit, like /tmp) as it is", () => {
    const shared = join(dir, "shared");
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    const repairs: ModeRepair[] = [];
    const handle = openDatabase(join(shared, "interlude.db"), { onModeRepaired: (repair) => repairs.push(repair) });
    opened.push(handle);
    expect(statSync(shared).mode & 0o7777).toBe(0o1777);
    expect(modeOf(join(shared, "interlude.db"))).toBe(0o600);
    expect(repairs).toEqual([]);
  });
});
