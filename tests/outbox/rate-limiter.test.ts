/**
 * Rate limits, per-chat order and priorities in the dispatcher, against a fake platform that answers
 * 429 when its limit is exceeded, on a fake clock (no real waiting).
 */
import { describe, expect, it } from "vitest";
import { FakeClock } from "../../src/clock.js";
import { openInMemoryDatabase } from "../../src/db/connection.js";
import { outbox } from "../../src/db/schema.js";
import { silentLogger } from "../../src/logger.js";
import { Dispatcher } from "../../src/outbox/dispatcher.js";
import { enqueue, priority } from "../../src/outbox/queue.js";
import { RateLimiter } from "../../src/outbox/rate-limiter.js";
import { fakeWait, RecordingSender } from "../fakes/recording-sender.js";

function queue(
  db: ReturnType<typeof openInMemoryDatabase>["db"],
  clock: FakeClock,
  rows: Array<[chat: string, text: string, prio?: number]>,
) {
  rows.forEach(([chatId, text, prio], i) => {
    enqueue(
      db,
      {
        platform: "telegram",
        chatId,
        identityId: null,
        payload: { kind: "message", text },
        priority: prio ?? priority.scheduled,
        dedupeKey: `k${i}-${text}`,
      },
      clock.now(),
    );
  });
}

describe("RateLimiter", () => {
  it("spaces sends globally and per chat", () => {
    const limiter = new RateLimiter({ perSecond: 10, perChatPerSecond: 1 });
    expect(limiter.globalWait(0)).toBe(0);
    limiter.record("a", 0);
    // Paced at 97% of the limit: 10/s becomes one send every ~103 ms.
    expect(limiter.globalWait(0)).toBeCloseTo(1_000 / 9.7, 5);
    expect(limiter.chatWait("a", 0)).toBeCloseTo(1_000 / 0.97, 5);
    expect(limiter.chatWait("b", 0)).toBe(0);
    limiter.pause(5_000);
    expect(limiter.globalWait(200)).toBe(4_800);
  });
});

describe("Dispatcher with limits", () => {
  it("sends 300 messages to 300 chats at the platform's rate without provoking a 429", async () => {
    const clock = new FakeClock("2026-11-23T12:00:00Z");
    const { db } = openInMemoryDatabase();
    queue(
      db,
      clock,
      Array.from({ length: 300 }, (_, i) => [`chat-${i}`, `m${i}`] as [string, string]),
    );
    const sender = new RecordingSender("telegram", clock, 30);
    const dispatcher = new Dispatcher(db, clock, silentLogger, { wait: fakeWait(clock) });
    dispatcher.register(sender, { perSecond: 30, perChatPerSecond: 1 });
    const start = clock.now().getTime();
    const report = await dispatcher.drain();
    const elapsedSeconds = (clock.now().getTime() - start) / 1_000;
    expect(report.sent).toBe(300);
    expect(sender.rateLimited).toBe(0);
    // 300 messages at 30/s take about 10 simulated seconds: at least 95% of the limit, never above it.
    const rate = 299 / elapsedSeconds;
    expect(rate).toBeLessThanOrEqual(30);
    expect(rate).toBeGreaterThan(0.95 * 30);
  });

  it("keeps each chat's messages in order and one second apart", async () => {
    const clock = new FakeClock("2026-11-23T12:00:00Z");
    const { db } = openInMemoryDatabase();
    queue(db, clock, [
      ["a", "a1"],
      ["b", "b1"],
      ["a", "a2"],
      ["a", "a3"],
      ["b", "b2"],
    ]);
    const sender = new RecordingSender("telegram", clock);
    const dispatcher = new Dispatcher(db, clock, silentLogger, { wait: fakeWait(clock) });
    dispatcher.register(sender, { perSecond: 30, perChatPerSecond: 1 });
    await dispatcher.drain();
    const a = sender.sends("a");
    expect(a.map((c) => c.text)).toEqual(["a1", "a2", "a3"]);
    expect((a[1]?.at ?? 0) - (a[0]?.at ?? 0)).toBeGreaterThanOrEqual(1_000);
    expect(sender.sends("b").map((c) => c.text)).toEqual(["b1", "b2"]);
  });

  it("sends a reply to a client's own action ahead of bulk scheduled sends", async () => {
    const clock = new FakeClock("2026-11-23T12:00:00Z");
    const { db } = openInMemoryDatabase();
    queue(db, clock, [
      ["bulk-1", "scheduled 1"],
      ["bulk-2", "scheduled 2"],
      ["client", "your reply", priority.reply],
    ]);
    const sender = new RecordingSender("telegram", clock);
    const dispatcher = new Dispatcher(db, clock, silentLogger, { wait: fakeWait(clock) });
    dispatcher.register(sender);
    await dispatcher.drain();
    expect(sender.sends()[0]?.text).toBe("your reply");
  });

  it("honours retry_after by rescheduling the row and holding the platform, then sends it", async () => {
    const clock = new FakeClock("2026-11-23T12:00:00Z");
    const { db } = openInMemoryDatabase();
    queue(db, clock, [
      ["a", "first"],
      ["b", "second"],
    ]);
    const sender = new RecordingSender("telegram", clock);
    sender.failures.push({ retryAfterMs: 5_000 });
    const dispatcher = new Dispatcher(db, clock, silentLogger, { wait: fakeWait(clock) });
    dispatcher.register(sender);
    const start = clock.now().getTime();
    await dispatcher.drain();
    // The platform said wait 5 s: this drain leaves everything for later instead of sleeping.
    expect(sender.sends()).toHaveLength(0);
    clock.advance(5_000);
    await dispatcher.drain();
    const rows = db.select().from(outbox).orderBy(outbox.id).all();
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([
      ["sent", 1],
      ["sent", 0],
    ]);
    // Nothing was sent to the platform before its retry_after ran out: not the row, not other chats.
    expect(
      sender
        .sends()
        .map((c) => c.text)
        .sort(),
    ).toEqual(["first", "second"]);
    expect(Math.min(...sender.sends().map((c) => c.at)) - start).toBeGreaterThanOrEqual(5_000);
  });

  it("re-sends a row a crash left mid-send, with the same dedupe key", async () => {
    const clock = new FakeClock("2026-11-23T12:00:00Z");
    const { db } = openInMemoryDatabase();
    queue(db, clock, [["a", "hello"]]);
    db.update(outbox).set({ status: "sending", claimedAt: clock.now() }).run();
    const sender = new RecordingSender("telegram", clock);
    const dispatcher = new Dispatcher(db, clock, silentLogger, { wait: fakeWait(clock) });
    dispatcher.register(sender); // start-up recovery
    await dispatcher.drain();
    expect(sender.sends().map((c) => [c.text, c.dedupeKey])).toEqual([["hello", "k0-hello"]]);
    expect(db.select().from(outbox).get()?.status).toBe("sent");
  });

  it("stops after the message in flight, leaving the rest queued", async () => {
    const clock = new FakeClock("2026-11-23T12:00:00Z");
    const { db } = openInMemoryDatabase();
    queue(
      db,
      clock,
      Array.from({ length: 50 }, (_, i) => [`chat-${i}`, `m${i}`] as [string, string]),
    );
    const sender = new RecordingSender("telegram", clock);
    let dispatcher: Dispatcher | undefined;
    let waits = 0;
    dispatcher = new Dispatcher(db, clock, silentLogger, {
      wait: async (ms) => {
        clock.advance(ms);
        waits += 1;
        if (waits === 10) void dispatcher?.stop();
      },
    });
    dispatcher.register(sender, { perSecond: 30, perChatPerSecond: 1 });
    await dispatcher.drain();
    const sent = sender.sends().length;
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan(50);
    expect(
      db
        .select()
        .from(outbox)
        .all()
        .filter((r) => r.status === "pending"),
    ).toHaveLength(50 - sent);
    expect((await dispatcher.drain()).sent).toBe(0);
  });
});
