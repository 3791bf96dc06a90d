/**
 * The inbox runner: each chat's updates are handled in order even when two workers (two connections
 * to one database file) each received some of them; a failure is retried after a backoff, stops the
 * chat's drain, and is given up after five attempts with its words removed.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FakeClock } from "../../src/clock.js";
import { type DatabaseHandle, openDatabase } from "../../src/db/connection.js";
import { alerts, outbox, telegramInbox } from "../../src/db/schema.js";
import { InboxRunner, inboxLeaseMs } from "../../src/inbox/inbox-runner.js";
import { TelegramInbox } from "../../src/inbox/telegram-inbox.js";
import { type Logger, silentLogger } from "../../src/logger.js";
import { enrolledClient } from "../helpers/enrolled.js";
import { createHarness } from "../helpers/harness.js";

const handles: DatabaseHandle[] = [];
afterEach(() => {
  for (const handle of handles.splice(0)) handle.close();
});

const update = (updateId: number, chatId: string | null = "42") => ({
  updateId,
  chatId,
  payload: JSON.stringify({ update_id: updateId }),
});

/** A promise the test resolves when it chooses. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

/** A worker: its own connection to `path`, its own runner, and the update ids its handler saw. */
function worker(path: string, clock: FakeClock, handle: (id: number) => Promise<void>, logger: Logger = silentLogger) {
  const database = openDatabase(path);
  handles.push(database);
  const seen: number[] = [];
  const runner = new InboxRunner({
    store: new TelegramInbox(database.db, logger),
    clock,
    logger,
    handle: async (stored) => {
      const id = (stored as { update_id: number }).update_id;
      seen.push(id);
      await handle(id);
    },
  });
  return { runner, seen, database };
}

const temporaryDatabase = () => join(mkdtempSync(join(tmpdir(), "interlude-inbox-")), "inbox.db");

describe("inbox runner", () => {
  it("keeps a chat's order across two workers sharing one database", async () => {
    const path = temporaryDatabase();
    const clock = new FakeClock();
    const handled: number[] = [];
    const first = gate();
    const a = worker(path, clock, async (id) => {
      if (id === 1) await first.opened;
      handled.push(id);
    });
    const b = worker(path, clock, async (id) => {
      handled.push(id);
    });

    expect(a.runner.accept(update(1))).toBe(true);
    const drainA = a.runner.drainChat({ chatId: "42" });
    // B receives the chat's next update while A is still handling the first one.
    expect(b.runner.accept(update(2))).toBe(true);
    await b.runner.drainChat({ chatId: "42" });
    expect(b.seen).toEqual([]);

    first.open();
    await drainA;
    expect(handled).toEqual([1, 2]);
    expect(
      a.database.db
        .select()
        .from(telegramInbox)
        .all()
        .map((row) => row.payload),
    ).toEqual(["", ""]);
  });

  it("never runs two drains of one chat at once in one process", async () => {
    const clock = new FakeClock();
    const first = gate();
    let running = 0;
    let most = 0;
    const a = worker(temporaryDatabase(), clock, async (id) => {
      running += 1;
      most = Math.max(most, running);
      if (id === 1) await first.opened;
      running -= 1;
    });
    a.runner.accept(update(1));
    a.runner.accept(update(2));
    const drains = [a.runner.drainChat({ chatId: "42" }), a.runner.drainChat({ chatId: "42" })];
    first.open();
    await Promise.all(drains);
    expect(a.seen).toEqual([1, 2]);
    expect(most).toBe(1);
  });

  it("retries a failing update after 5 s × attempts, holds the chat's later updates, and gives up after 5", async () => {
    const clock = new FakeClock();
    const warnings: unknown[] = [];
    const logger = { ...silentLogger, warn: (fields: unknown) => warnings.push(fields) } as unknown as Logger;
    const a = worker(
      temporaryDatabase(),
      clock,
      async (id) => {
        if (id === 1) throw new TypeError("the update said something private");
      },
      logger,
    );
    a.runner.accept(update(1));
    a.runner.accept(update(2));

    for (let attempt = 1; attempt <= 4; attempt++) {
      await a.runner.sweep();
      expect(a.seen.filter((id) => id === 1)).toHaveLength(attempt);
      // The chat's next update waits behind the failing one.
      expect(a.seen).not.toContain(2);
      clock.advance(5_000 * attempt - 1);
      await a.runner.sweep();
      expect(a.seen.filter((id) => id === 1)).toHaveLength(attempt);
      clock.advance(1);
    }
    await a.runner.sweep();
    expect(a.seen).toEqual([1, 1, 1, 1, 1, 2]);
    const rows = a.database.db.select().from(telegramInbox).all();
    expect(rows[0]).toMatchObject({ updateId: 1, attempts: 5, payload: "", givenUpAt: clock.now(), handledAt: null });
    expect(rows[1]).toMatchObject({ updateId: 2, payload: "" });
    expect(JSON.stringify(warnings)).not.toContain("private");
    expect(warnings).toContainEqual({ updateId: 1, attempts: 5 });
  });

  it("lets another worker handle an update whose claimer died, once the lease has run out", async () => {
    const path = temporaryDatabase();
    const clock = new FakeClock();
    const dead = worker(path, clock, () => new Promise<void>(() => {}));
    const b = worker(path, clock, async () => {});
    dead.runner.accept(update(1));
    void dead.runner.drainChat({ chatId: "42" });
    await b.runner.sweep();
    expect(b.seen).toEqual([]);
    clock.advance(inboxLeaseMs);
    await b.runner.sweep();
    expect(b.seen).toEqual([1]);
  });

  it("cannot let a disclosure slip past the risk screen, even when its update fails every time and is given up", async () => {
    // The adapter's handling fails after the engine has seen the update (as a failing callback
    // answer would), on every attempt.
    const h = createHarness();
    const { user } = enrolledClient(h);
    const runner = new InboxRunner({
      store: new TelegramInbox(h.handle.db, silentLogger),
      clock: h.clock,
      logger: silentLogger,
      handle: async (stored) => {
        const { update_id, text } = stored as { update_id: number; text: string };
        user.text(text, `tg-${update_id}`);
        throw new Error("failed after the engine");
      },
    });
    runner.accept({
      updateId: 77,
      chatId: user.chatId,
      payload: JSON.stringify({ update_id: 77, text: "I want to kill myself" }),
    });
    for (let attempt = 1; attempt <= 5; attempt++) {
      await runner.sweep();
      h.clock.advance(5_000 * attempt);
    }

    expect(h.handle.db.select().from(telegramInbox).get()).toMatchObject({
      attempts: 5,
      payload: "",
      givenUpAt: expect.any(Date),
    });
    // Screened on the first attempt: one risk alert and one crisis reply; the retries changed nothing.
    expect(
      h.handle.db
        .select()
        .from(alerts)
        .all()
        .filter((a) => a.kind === "risk"),
    ).toHaveLength(1);
    const crisisReplies = h.handle.db
      .select()
      .from(outbox)
      .all()
      .filter((row) => row.dedupeKey.startsWith("crisis:"));
    expect(crisisReplies).toHaveLength(1);
    expect(crisisReplies[0]?.chatId).toBe(user.chatId);
  });
});
