/**
 * Retention covers the Telegram webhook inbox: a row handled or given up more than a day ago is
 * deleted; a younger finished row stays, and an unfinished one stays however old (it is still to be
 * handled). A dry run counts exactly what a run deletes.
 */
import { describe, expect, it } from "vitest";
import { DAY, FakeClock } from "../../src/clock.js";
import { openDatabase } from "../../src/db/connection.js";
import { telegramInbox } from "../../src/db/schema.js";
import { TelegramInbox } from "../../src/inbox/telegram-inbox.js";
import { silentLogger } from "../../src/logger.js";
import { runRetention } from "../../src/privacy/retention.js";
import { MemoryRiskSpool } from "../../src/safety/spool.js";

describe("retention of the telegram inbox", () => {
  it("deletes rows finished over a day ago and keeps younger and unfinished ones", () => {
    const handle = openDatabase(":memory:");
    const { db } = handle;
    const clock = new FakeClock();
    const inbox = new TelegramInbox(db, silentLogger);
    const start = clock.now().getTime();
    const accept = (updateId: number) =>
      inbox.accept({ updateId, chatId: String(updateId), payload: "{}" }, clock.now());
    for (const id of [1, 2, 3, 4]) accept(id);
    inbox.markHandled(1, clock.now());
    inbox.markGivenUp(2, 5, clock.now());
    clock.set(new Date(start + DAY / 2));
    inbox.markHandled(3, clock.now());
    // Update 4 is never finished.
    clock.set(new Date(start + DAY + 1));
    const spool = new MemoryRiskSpool();
    const ids = () =>
      db
        .select({ id: telegramInbox.updateId })
        .from(telegramInbox)
        .all()
        .map((r) => r.id);

    const dry = runRetention(db, { now: clock.now(), actor: "system", spool, dryRun: true });
    expect(dry.housekeeping?.telegramInbox).toBe(2);
    expect(ids()).toEqual([1, 2, 3, 4]);

    const report = runRetention(db, { now: clock.now(), actor: "system", spool });
    expect(report.housekeeping?.telegramInbox).toBe(2);
    expect(ids()).toEqual([3, 4]);

    clock.set(new Date(start + 40 * DAY));
    expect(runRetention(db, { now: clock.now(), actor: "system", spool }).housekeeping?.telegramInbox).toBe(1);
    expect(ids()).toEqual([4]);
    handle.close();
  });
});
