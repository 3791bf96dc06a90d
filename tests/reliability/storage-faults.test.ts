/**
 * The database file misbehaves: locked by another writer (SQLITE_BUSY), full (SQLITE_FULL), or
 * read-only (SQLITE_READONLY). Each time the engine must answer "failed" and leave no half-written
 * rows, a risk disclosure must still get its crisis reply, the CLI must say what is wrong in one line
 * (exit 1, no stack trace), and once the fault is gone everything must work again.
 */
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../src/db/connection.js";
import * as schema from "../../src/db/schema.js";
import { cli, snapshot } from "../helpers/cli.js";
import { type StorageScene, storageScene } from "./storage-scene.js";

const crisisLine = "Crisis line: 0000";

/**
 * A CLI write under the fault: exit 1 and the database's own one-line reason, no stack trace. A small
 * write may still fit a nearly full database, so `attempts` lets it go on until the disk is full.
 */
async function expectCliFails(s: StorageScene, reason: RegExp, attempts = 1): Promise<void> {
  const c = cli({}, { handle: s.h.handle, clock: s.h.clock });
  const add = (n: number) => c.run("therapist", "add", "--practice", String(s.seeded.practiceId), "--alias", `T2-${n}`);
  let result = await add(0);
  for (let n = 1; n < attempts && result.code === 0; n++) result = await add(n);
  expect(result.code).toBe(1);
  expect(result.err).toMatch(reason);
  expect(result.err.split("\n")).toHaveLength(1);
  expect(result.err).not.toMatch(/\n\s+at /);
}

async function expectCliWorks(s: StorageScene): Promise<void> {
  const c = cli({}, { handle: s.h.handle, clock: s.h.clock });
  const result = await c.run("therapist", "add", "--practice", String(s.seeded.practiceId), "--alias", "T3");
  expect(result, result.err).toMatchObject({ code: 0, err: "" });
}

describe("SQLITE_BUSY: another process holds the write lock past the busy timeout", () => {
  it("fails the event cleanly, sends no queued message, and handles the re-delivery once released", async () => {
    const s = storageScene();
    // The app waits 5 s for a lock; 50 ms keeps the test fast and exercises the same path.
    s.h.handle.sqlite.pragma("busy_timeout = 50");
    await s.dispatcher.drain();
    const press = s.firstButton();
    // Queued before the lock, to see what the dispatcher does with it while locked.
    s.client.command("help", "", "busy-0");
    const queued = s.sentToClient().length;
    const locker = new Database(s.path);
    locker.exec("BEGIN IMMEDIATE");
    const before = snapshot(s.h.handle);

    expect(s.client.press(press, "busy-1")).toBe("failed");
    expect(snapshot(s.h.handle)).toEqual(before);
    expect(s.logs.join("")).toMatch(/database is locked.*event handling failed; rolled back/);
    // A disclosure while locked still reaches the client, from memory.
    expect(s.client.text("I want to kill myself", "busy-2")).toBe("failed");
    await expect.poll(() => s.sentToClient().some((t) => t.includes(crisisLine))).toBe(true);
    await expectCliFails(s, /^error: database is locked$/);
    // The dispatcher cannot claim the row, so it does not send it (no unrecorded delivery): the drain
    // rejects and the row waits.
    await expect(s.dispatcher.drain()).rejects.toThrow(/database is locked/);
    expect(s.sentToClient()).toHaveLength(queued + 1);
    expect(snapshot(s.h.handle)).toEqual(before);

    locker.exec("ROLLBACK");
    locker.close();
    // Nothing was recorded, so the platform's re-delivery is handled as if for the first time.
    expect(s.client.press(press, "busy-1")).toBe("handled");
    expect(s.answerCount()).toBe(1);
    expect(s.watch.tick().recovered).toBe(1);
    await expectCliWorks(s);
    await s.dispatcher.drain();
    expect(s.sentToClient().length).toBeGreaterThan(queued + 2);
  });
});

/**
 * What room is left in the last pages of the tables a failed event's error reply writes to (an outbox
 * row and its update id), taken by small rows until none fits, so the whole disk is full and not just
 * too full for an answer: how much is left over otherwise depends on the exact row sizes.
 */
function fillRemainingRoom(sqlite: Database.Database): void {
  const fillers = [
    sqlite.prepare(
      `insert into outbox (platform, chat_id, payload, priority, status, next_attempt_at, dedupe_key, created_at)
       values ('console', 'filler', '{}', 1, 'sent', 0, ?, 0)`,
    ),
    sqlite.prepare("insert into processed_updates (platform, update_id, processed_at) values ('console', ?, 0)"),
  ];
  for (const [n, filler] of fillers.entries()) {
    for (let i = 0; i < 10_000; i++) {
      try {
        filler.run(`filler-${n}-${i}`);
      } catch (error) {
        expect((error as Error).message).toBe("database or disk is full");
        break;
      }
    }
  }
}

describe("SQLITE_FULL: the disk fills up (max_page_count held at the file's size)", () => {
  it("fails events cleanly, still sends the crisis reply, and works again once there is room", async () => {
    const s = storageScene();
    await s.dispatcher.drain();
    const press = s.firstButton();
    const { sqlite } = s.h.handle;
    sqlite.pragma(`max_page_count = ${sqlite.pragma("page_count", { simple: true })}`);
    // Fill what room is left in the existing pages the way a busy day would: until a write fails.
    let filled = 0;
    while (s.client.command("help", "", `fill-${filled}`) === "handled") filled += 1;
    expect(filled).toBeLessThan(200);
    expect(s.logs.join("")).toMatch(/database or disk is full.*event handling failed; rolled back/);
    await expectCliFails(s, /^error: database or disk is full$/, 50);
    fillRemainingRoom(sqlite);

    const before = snapshot(s.h.handle);
    expect(s.client.press(press, "full-1")).toBe("failed");
    expect(snapshot(s.h.handle)).toEqual(before);
    expect(s.client.text("I want to kill myself", "full-2")).toBe("failed");
    await expect.poll(() => s.sentToClient().some((t) => t.includes(crisisLine))).toBe(true);
    expect(s.spool.read().entries).toMatchObject([{ updateId: "full-2", kind: "risk_text" }]);
    expect(snapshot(s.h.handle)).toEqual(before);

    sqlite.pragma("max_page_count = 1073741823");
    expect(s.client.press(press, "full-1")).toBe("handled");
    expect(s.answerCount()).toBe(1);
    expect(s.watch.tick().recovered).toBe(1);
    await expectCliWorks(s);
  });
});

/**
 * A database that cannot be written. chmod 0444 neither stops root (tests may run as root) nor an
 * already open file, so the running app's connection is made read-only with `query_only` (the same
 * SQLITE_READONLY a remounted disk gives), and the CLI gets a file opened with better-sqlite3's
 * `readonly`, which SQLite enforces for everyone.
 */
function openReadOnly(path: string): DatabaseHandle {
  const sqlite = new Database(path, { readonly: true });
  return { db: drizzle(sqlite, { schema }), sqlite, close: () => sqlite.close() };
}

describe("SQLITE_READONLY: the database cannot be written", () => {
  it("fails events cleanly, writes nothing, and handles the re-delivery once writable", async () => {
    const s = storageScene();
    await s.dispatcher.drain();
    const press = s.firstButton();
    s.client.command("help", "", "ro-0");
    const queued = s.sentToClient().length;
    s.h.handle.sqlite.pragma("query_only = ON");
    const before = snapshot(s.h.handle);

    expect(s.client.press(press, "ro-1")).toBe("failed");
    expect(s.logs.join("")).toMatch(/readonly database.*event handling failed; rolled back/);
    expect(s.client.text("I want to kill myself", "ro-2")).toBe("failed");
    await expect.poll(() => s.sentToClient().some((t) => t.includes(crisisLine))).toBe(true);
    await expectCliFails(s, /^error: attempt to write a readonly database$/);
    await expect(s.dispatcher.drain()).rejects.toThrow(/readonly database/);
    expect(s.sentToClient()).toHaveLength(queued + 1);
    expect(snapshot(s.h.handle)).toEqual(before);

    const readOnlyFile = openReadOnly(s.path);
    await expectCliFails(
      { ...s, h: { ...s.h, handle: readOnlyFile } },
      /^error: attempt to write a readonly database$/,
    );
    readOnlyFile.close();
    expect(snapshot(s.h.handle)).toEqual(before);

    s.h.handle.sqlite.pragma("query_only = OFF");
    expect(s.client.press(press, "ro-1")).toBe("handled");
    expect(s.answerCount()).toBe(1);
    expect(s.watch.tick().recovered).toBe(1);
    await expectCliWorks(s);
    await s.dispatcher.drain();
    expect(s.sentToClient().length).toBeGreaterThan(queued + 2);
  });
});
