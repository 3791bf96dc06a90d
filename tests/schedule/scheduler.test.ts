/**
 * The minute tick: exactly one occurrence per slot whatever the ticking, catch-up within the window
 * after downtime, missed slots recorded, paused clients left alone, reminders and expiry.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { FakeClock } from "../../src/clock.js";
import { openDatabase } from "../../src/db/connection.js";
import { setClientTimezone } from "../../src/db/repos/people.js";
import { setSchedule } from "../../src/db/repos/schedules.js";
import { answers, clients, occurrences, scheduleCursors } from "../../src/db/schema.js";
import { silentLogger } from "../../src/logger.js";
import { Dispatcher } from "../../src/outbox/dispatcher.js";
import type { PracticeSettings } from "../../src/practice/settings.js";
import { scheduleInputSchema } from "../../src/schedule/spec.js";
import { fakeWait, RecordingSender } from "../fakes/recording-sender.js";
import { enrolledClient } from "../helpers/enrolled.js";
import { ChatUser, createHarness, type Harness, prompts, schedulerOn } from "../helpers/harness.js";

/** Sets a practice-wide schedule from a spec, as of the harness clock. */
function schedulePractice(h: Harness, practiceId: number, spec: string) {
  setSchedule(h.handle.db, { practiceId }, scheduleInputSchema.parse({ spec }), h.clock.now(), "2026-11-23");
}

/** A consented client in Europe/Stockholm with the practice schedule `spec`, at `start` (UTC). */
function setup(spec: string, options: { start?: string; settings?: Partial<PracticeSettings>; h?: Harness } = {}) {
  const h = options.h ?? createHarness(undefined, new FakeClock(options.start ?? "2026-11-23T12:00:00Z"));
  const { seeded, user } = enrolledClient(h, { settings: options.settings ?? {} });
  user.read();
  schedulePractice(h, seeded.practiceId, spec);
  const scheduler = schedulerOn(h.handle.db, h.clock, { random: () => 0 });
  return { h, seeded, user, scheduler };
}

const occurrenceRows = (h: Harness) => h.handle.db.select().from(occurrences).orderBy(occurrences.id).all();

describe("the tick", () => {
  it("sends a slot once, however often it ticks", () => {
    // 18:00 in Stockholm is 17:00 UTC in winter.
    const { h, scheduler } = setup("daily at 18:00");
    scheduler.tick();
    h.clock.set("2026-11-23T16:59:00Z");
    expect(scheduler.tick().started).toBe(0);
    h.clock.set("2026-11-23T17:00:00Z");
    expect(scheduler.tick().started).toBe(1);
    expect(scheduler.tick().started).toBe(0);
    h.clock.set("2026-11-23T17:00:40Z");
    expect(scheduler.tick().started).toBe(0);
    const rows = occurrenceRows(h);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.idempotencyKey).toMatch(/^slot:\d+:\d+:2026-11-23T18:00$/);
    expect(rows[0]?.scheduledFor.toISOString()).toBe("2026-11-23T17:00:00.000Z");
  });

  it("never creates a slot twice when two processes tick the same database", () => {
    const path = join(mkdtempSync(join(tmpdir(), "interlude-tick-")), "t.db");
    const clock = new FakeClock("2026-11-23T12:00:00Z");
    const a = setup("daily at 18:00", { h: createHarness(openDatabase(path), clock) });
    const second = openDatabase(path);
    const b = schedulerOn(second.db, clock, { random: () => 0 });
    a.scheduler.tick();
    b.tick();
    clock.set("2026-11-23T17:00:00Z");
    const started = a.scheduler.tick().started + b.tick().started;
    expect(started).toBe(1);
    expect(occurrenceRows(a.h)).toHaveLength(1);
    second.close();
    a.h.handle.close();
  });

  it("skips only the client whose slot fails; the others in the batch start, and it is retried next tick", () => {
    const { h, seeded } = setup("daily at 18:00");
    const other = enrolledClient(h, { user: new ChatUser(h, "user-2", "chat-2") }).seeded;
    schedulePractice(h, other.practiceId, "daily at 18:00");
    const logged: string[] = [];
    const logger = pino({ level: "error" }, { write: (line: string) => void logged.push(line) });
    const scheduler = schedulerOn(h.handle.db, h.clock, { logger, random: () => 0 });
    scheduler.tick();
    // A fault that hits one client's writes only (a stand-in for any per-client failure).
    h.handle.sqlite.exec(
      `CREATE TEMP TRIGGER fail_one BEFORE INSERT ON occurrences WHEN NEW.client_id = ${other.clientId}
       BEGIN SELECT RAISE(ABORT, 'injected fault'); END`,
    );
    h.clock.set("2026-11-23T17:00:00Z");
    const report = scheduler.tick();
    // The report counts what was committed, not the rolled-back first attempt at the batch.
    expect(report.started).toBe(1);
    expect(occurrenceRows(h).map((row) => row.clientId)).toEqual([seeded.clientId]);
    expect(logged).toHaveLength(1);
    expect(JSON.parse(logged[0] ?? "{}")).toMatchObject({
      clientId: other.clientId,
      err: { message: "injected fault" },
    });

    h.handle.sqlite.exec("DROP TRIGGER fail_one");
    h.clock.set("2026-11-23T17:01:00Z");
    expect(scheduler.tick().started).toBe(1);
    expect(occurrenceRows(h).map((row) => row.clientId)).toEqual([seeded.clientId, other.clientId]);
  });

  it("does not re-create past slots when the schedule is edited", () => {
    const { h, seeded, scheduler } = setup("daily at 09:00", { start: "2026-11-23T07:00:00Z" });
    scheduler.tick();
    h.clock.set("2026-11-23T08:00:00Z"); // 09:00 local
    expect(scheduler.tick().started).toBe(1);
    h.clock.set("2026-11-23T09:00:00Z");
    schedulePractice(h, seeded.practiceId, "daily at 08:00");
    scheduler.tick();
    // Today's 08:00 is past: the next send is tomorrow's.
    expect(h.handle.db.select().from(scheduleCursors).get()?.slot).toBe("2026-11-24T08:00");
    h.clock.set("2026-11-24T06:59:00Z");
    expect(scheduler.tick().started).toBe(0);
    h.clock.set("2026-11-24T07:00:00Z");
    expect(scheduler.tick().started).toBe(1);
    expect(occurrenceRows(h)).toHaveLength(2);
  });

  it("uses a client's own schedule over the practice's, in the client's time zone", () => {
    const { h, seeded, scheduler } = setup("daily at 18:00");
    h.handle.sqlite.prepare("update clients set timezone = 'Asia/Shanghai'").run();
    setSchedule(
      h.handle.db,
      { practiceId: seeded.practiceId, clientId: seeded.clientId },
      scheduleInputSchema.parse({ spec: "daily at 21:00" }),
      h.clock.now(),
      "2026-11-23",
    );
    scheduler.tick();
    const cursor = h.handle.db.select().from(scheduleCursors).get();
    expect(cursor).toMatchObject({ slot: "2026-11-23T21:00", timezone: "Asia/Shanghai" });
    expect(cursor?.dueAt?.toISOString()).toBe("2026-11-23T13:00:00.000Z");
  });

  it("catches up a slot missed during downtime within the window, once", () => {
    const { h, scheduler } = setup("daily at 18:00");
    scheduler.tick();
    h.clock.set("2026-11-23T18:30:00Z"); // down for 90 minutes past the slot
    const report = scheduler.tick();
    expect(report).toMatchObject({ started: 1, missed: 0 });
    expect(occurrenceRows(h)[0]?.status).toBe("open");
  });

  it("records a slot as missed when the restart comes after the catch-up window", () => {
    const { h, scheduler } = setup("daily at 18:00");
    scheduler.tick();
    h.clock.set("2026-11-23T20:30:00Z"); // 3.5 hours late, window is 2 hours
    expect(scheduler.tick()).toMatchObject({ started: 0, missed: 1 });
    expect(occurrenceRows(h).map((o) => o.status)).toEqual(["missed"]);
  });

  it("after days of downtime sends only the latest slot and records the rest as missed", () => {
    const { h, scheduler } = setup("daily at 18:00");
    scheduler.tick();
    h.clock.set("2026-11-26T17:30:00Z"); // three slots passed; the 26th's is 30 minutes old
    expect(scheduler.tick()).toMatchObject({ started: 1, missed: 3 });
    expect(occurrenceRows(h).map((o) => [o.idempotencyKey.slice(-16), o.status])).toEqual([
      ["2026-11-23T18:00", "missed"],
      ["2026-11-24T18:00", "missed"],
      ["2026-11-25T18:00", "missed"],
      ["2026-11-26T18:00", "open"],
    ]);
  });

  it("follows a client's new time zone, never sending the same local slot twice", () => {
    const { h, seeded, scheduler } = setup("daily at 18:00");
    scheduler.tick();
    h.clock.set("2026-11-23T17:00:00Z"); // 18:00 Stockholm
    expect(scheduler.tick().started).toBe(1);
    // Moving to New York at 18:05 Stockholm: 12:05 there, so today's 18:00 NY slot is still ahead.
    h.clock.set("2026-11-23T17:05:00Z");
    setClientTimezone(h.handle.db, seeded.clientId, "America/New_York");
    scheduler.tick();
    expect(h.handle.db.select().from(scheduleCursors).get()).toMatchObject({
      slot: "2026-11-23T18:00",
      timezone: "America/New_York",
    });
    // Today's 18:00 slot was already sent in Stockholm: the same local slot is not sent again.
    h.clock.set("2026-11-23T23:00:00Z"); // 18:00 New York
    expect(scheduler.tick()).toMatchObject({ started: 0, duplicates: 1 });
    h.clock.set("2026-11-24T23:00:00Z"); // tomorrow 18:00 New York
    expect(scheduler.tick().started).toBe(1);
    expect(occurrenceRows(h).map((o) => [o.status, o.scheduledFor.toISOString()])).toEqual([
      ["expired", "2026-11-23T17:00:00.000Z"],
      ["open", "2026-11-24T23:00:00.000Z"],
    ]);
  });

  it("sends nothing to a paused client and resumes from the present", () => {
    const { h, user, scheduler } = setup("daily at 18:00");
    scheduler.tick();
    user.command("pause");
    h.clock.set("2026-11-23T17:00:00Z");
    expect(scheduler.tick().started).toBe(0);
    h.clock.set("2026-11-24T17:00:00Z");
    expect(scheduler.tick().started).toBe(0);
    h.clock.set("2026-11-24T17:30:00Z");
    user.command("resume");
    scheduler.tick();
    expect(h.handle.db.select().from(scheduleCursors).get()?.slot).toBe("2026-11-25T18:00");
    expect(occurrenceRows(h)).toHaveLength(0);
  });

  it("starts nothing for a client without a schedule, and looks at them once", () => {
    const h = createHarness(undefined, new FakeClock("2026-11-23T12:00:00Z"));
    enrolledClient(h);
    const scheduler = schedulerOn(h.handle.db, h.clock);
    expect(scheduler.tick().cursorsCreated).toBe(1);
    expect(scheduler.tick().cursorsCreated).toBe(0);
    expect(occurrenceRows(h)).toHaveLength(0);
  });

  it("stores jitter once: a restarted scheduler with other randomness does not move the send", () => {
    const { h, seeded, scheduler } = setup("daily at 18:00");
    setSchedule(
      h.handle.db,
      { practiceId: seeded.practiceId },
      scheduleInputSchema.parse({ spec: "daily at 18:00", jitterMinutes: 30 }),
      h.clock.now(),
      "2026-11-23",
    );
    const jittered = schedulerOn(h.handle.db, h.clock, { random: () => 0.5 });
    jittered.tick();
    const cursor = h.handle.db.select().from(scheduleCursors).get();
    expect(cursor?.jitterMinutes).toBe(15);
    expect(cursor?.dueAt?.toISOString()).toBe("2026-11-23T17:15:00.000Z");
    const restarted = schedulerOn(h.handle.db, h.clock, { random: () => 0.99 });
    h.clock.set("2026-11-23T17:10:00Z");
    expect(restarted.tick().started).toBe(0);
    h.clock.set("2026-11-23T17:15:00Z");
    expect(restarted.tick().started).toBe(1);
    expect(scheduler).toBeDefined();
  });
});

describe("reminders and expiry", () => {
  async function sentCheckin() {
    const ctx = setup("daily at 18:00");
    const sender = new RecordingSender("console", ctx.h.clock);
    const dispatcher = new Dispatcher(ctx.h.handle.db, ctx.h.clock, silentLogger, { wait: fakeWait(ctx.h.clock) });
    dispatcher.register(sender);
    await dispatcher.drain(); // the enrolment replies
    sender.calls.length = 0;
    ctx.scheduler.tick();
    ctx.h.clock.set("2026-11-23T17:00:00Z");
    ctx.scheduler.tick();
    await dispatcher.drain();
    return { ...ctx, sender, dispatcher };
  }

  it("reminds once after four hours when the client has not started", async () => {
    const { h, scheduler, user, sender, dispatcher } = await sentCheckin();
    expect(sender.sends()).toHaveLength(1);
    h.clock.set("2026-11-23T20:59:00Z");
    expect(scheduler.tick().reminded).toBe(0);
    h.clock.set("2026-11-23T21:00:00Z");
    expect(scheduler.tick().reminded).toBe(1);
    h.clock.set("2026-11-23T22:00:00Z");
    expect(scheduler.tick().reminded).toBe(0);
    await dispatcher.drain();
    expect(
      sender
        .sends()
        .map((c) => c.text)
        .at(-1),
    ).toBe(prompts().messages.t("en", "checkin.reminder"));
    expect(user).toBeDefined();
  });

  it("does not remind a client who has started", async () => {
    const { h, scheduler, user } = await sentCheckin();
    user.text("4");
    h.clock.set("2026-11-23T21:00:00Z");
    expect(scheduler.tick().reminded).toBe(0);
  });

  it("expires an open check-in after 24 hours, keeping partial answers", async () => {
    const { h, scheduler, user } = await sentCheckin();
    user.text("4");
    h.clock.set("2026-11-24T16:59:00Z");
    expect(scheduler.tick().expired).toBe(0);
    h.clock.set("2026-11-24T17:00:00Z");
    const report = scheduler.tick();
    expect(report.expired).toBe(1);
    expect(report.started).toBe(1); // the next day's slot
    const rows = occurrenceRows(h);
    expect(rows.map((o) => o.status)).toEqual(["expired", "open"]);
    expect(h.handle.db.select().from(answers).all()).toHaveLength(1);
  });

  it("leaves a stopped client's data alone and sends nothing", async () => {
    const { h, scheduler, user } = await sentCheckin();
    user.command("stop");
    h.clock.set("2026-11-24T17:00:00Z");
    expect(scheduler.tick().started).toBe(0);
    expect(h.handle.db.select().from(clients).get()?.status).toBe("stopped");
  });
});
