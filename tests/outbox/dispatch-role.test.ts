/**
 * One dispatching worker at a time: a worker without the `dispatch` role leaves the queue to the one
 * that holds it (so the platform's global rate limit, paced in one process's memory, holds for all
 * workers together), yet still sends a crisis reply it received at once.
 */
import { describe, expect, it } from "vitest";
import { FakeClock } from "../../src/clock.js";
import { silentLogger } from "../../src/logger.js";
import { Dispatcher } from "../../src/outbox/dispatcher.js";
import { Outbound } from "../../src/outbox/outbound.js";
import { priority } from "../../src/outbox/queue.js";
import { fakeWait, RecordingSender } from "../fakes/recording-sender.js";
import { createHarness, type Harness, seedPractice } from "../helpers/harness.js";

const limits = { perSecond: 1_000, perChatPerSecond: 1_000 };

function worker(h: Harness, workerId: string, dispatching: () => boolean) {
  const sender = new RecordingSender("telegram", h.clock);
  const dispatcher = new Dispatcher(h.handle.db, h.clock, silentLogger, {
    wait: fakeWait(h.clock),
    workerId,
    soleWorker: false,
    dispatching,
  });
  dispatcher.register(sender, limits);
  return { dispatcher, sender };
}

function queueReplies(h: Harness, cause: string, texts: string[]) {
  h.handle.db.transaction((tx) => {
    const out = new Outbound(tx, h.clock.now(), cause, priority.reply);
    for (const [i, text] of texts.entries())
      out.say({ platform: "telegram", chatId: `chat-${i}`, identityId: null }, text);
  });
}

describe("the dispatch role", () => {
  it("only its holder sends the queue; the role moving moves the sending", async () => {
    const h = createHarness(undefined, new FakeClock("2026-12-08T10:00:00Z"));
    seedPractice(h);
    let holder: "A" | "B" = "A";
    const a = worker(h, "A", () => holder === "A");
    const b = worker(h, "B", () => holder === "B");
    queueReplies(h, "in:telegram:1", ["one", "two"]);

    await b.dispatcher.drain();
    expect(b.sender.sends()).toEqual([]);
    await a.dispatcher.drain();
    expect(a.sender.sends().map((call) => call.text)).toEqual(["one", "two"]);

    holder = "B";
    queueReplies(h, "in:telegram:2", ["three"]);
    await a.dispatcher.drain();
    await b.dispatcher.drain();
    expect(a.sender.sends()).toHaveLength(2);
    expect(b.sender.sends().map((call) => call.text)).toEqual(["three"]);
  });

  it("a worker without it still sends a crisis reply it received at once", async () => {
    const h = createHarness(undefined, new FakeClock("2026-12-08T10:00:00Z"));
    seedPractice(h);
    const b = worker(h, "B", () => false);
    const row = h.handle.db.transaction((tx) => {
      const out = new Outbound(tx, h.clock.now(), "in:telegram:3", priority.reply, b.dispatcher);
      return out.urgent({ platform: "telegram", chatId: "chat-9", identityId: null }, "crisis reply");
    });
    b.dispatcher.sendRecorded([row.id]);
    await b.dispatcher.drain();
    expect(b.sender.sends().map((call) => call.text)).toEqual(["crisis reply"]);
  });
});
