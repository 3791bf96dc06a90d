/**
 * Several workers on one database, played by several dispatchers on one database handle (they share
 * nothing else): a row a worker was sending when it died goes out again from another worker once its
 * lease runs out, in its chat's order; a live worker's row, renewed, is never taken from it; and a
 * sole worker re-sends its dead predecessor's rows at start-up without waiting.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { FakeClock } from "../../src/clock.js";
import { outbox } from "../../src/db/schema.js";
import { silentLogger } from "../../src/logger.js";
import { Dispatcher, type DispatcherOptions } from "../../src/outbox/dispatcher.js";
import { leaseFrom, outboxLeaseMs } from "../../src/outbox/leases.js";
import { Outbound } from "../../src/outbox/outbound.js";
import type { MessagePayload } from "../../src/outbox/payload.js";
import { enqueue, priority } from "../../src/outbox/queue.js";
import type { PlatformSender } from "../../src/outbox/sender.js";
import { fakeWait, RecordingSender } from "../fakes/recording-sender.js";
import { createHarness, type Harness, seedPractice } from "../helpers/harness.js";

/** A platform whose sends do not return until released (a slow send, or a worker about to die). */
class HangingSender implements PlatformSender {
  readonly platform = "telegram" as const;
  readonly started: string[] = [];
  private readonly held: Array<() => void> = [];

  async send(_chatId: string, message: MessagePayload) {
    this.started.push(message.text);
    await new Promise<void>((resolve) => this.held.push(resolve));
    return { messageId: `held-${this.started.length}` };
  }

  async edit() {}

  release(): void {
    for (const resume of this.held.splice(0)) resume();
  }
}

const limits = { perSecond: 1_000, perChatPerSecond: 1_000 };

function scene() {
  const h = createHarness(undefined, new FakeClock("2026-12-08T10:00:00Z"));
  seedPractice(h);
  const queue = (text: string, chatId = "chat-1") =>
    enqueue(
      h.handle.db,
      {
        platform: "telegram",
        chatId,
        identityId: null,
        payload: { kind: "message", text },
        priority: priority.reply,
        dedupeKey: `test:${text}`,
      },
      h.clock.now(),
    );
  return { h, queue };
}

/**
 * A worker's dispatcher; its own timer never renews during a test (the tests renew by hand, on the
 * fake clock), so a worker that is not told to renew behaves as a dead one.
 */
function worker(h: Harness, workerId: string, sender: PlatformSender, options: DispatcherOptions = {}) {
  const dispatcher = new Dispatcher(h.handle.db, h.clock, silentLogger, {
    wait: fakeWait(h.clock),
    workerId,
    soleWorker: false,
    renewEveryMs: 2_147_483_647,
    ...options,
  });
  dispatcher.register(sender, limits);
  return dispatcher;
}

const statusOf = (h: Harness, id: number) =>
  h.handle.db.select({ status: outbox.status }).from(outbox).where(eq(outbox.id, id)).get()?.status;

describe("a worker that dies while sending", () => {
  it("leaves its row to another worker once the lease runs out, and the chat keeps its order", async () => {
    const { h, queue } = scene();
    const first = queue("first");
    queue("second");
    const dying = new HangingSender();
    void worker(h, "A", dying).drain();
    await vi.waitFor(() => expect(dying.started).toEqual(["first"]));

    const survivor = new RecordingSender("telegram", h.clock);
    const b = worker(h, "B", survivor);
    // Within the lease, B sends neither the row A holds nor the chat's later row behind it.
    h.clock.advance(outboxLeaseMs - 1);
    b.keepLeases();
    await b.drain();
    expect(survivor.sends()).toEqual([]);
    expect(statusOf(h, first.id)).toBe("sending");

    // A never renewed: past its lease, B takes the row over and sends both, in order.
    h.clock.advance(2);
    b.keepLeases();
    await b.drain();
    expect(survivor.sends().map((call) => call.text)).toEqual(["first", "second"]);
    expect(survivor.sends()[0]?.dedupeKey).toBe("test:first");
  });

  it("does not lose a crisis reply it had written to send itself: another worker sends it after the lease", async () => {
    const { h } = scene();
    const dead = { leaseFor: (now: Date) => leaseFrom("A", now) };
    const row = h.handle.db.transaction((tx) =>
      new Outbound(tx, h.clock.now(), "in:telegram:77", priority.reply, dead).urgent(
        { platform: "telegram", chatId: "chat-9", identityId: null },
        "crisis reply",
      ),
    );
    expect(statusOf(h, row.id)).toBe("sending");

    const survivor = new RecordingSender("telegram", h.clock);
    const b = worker(h, "B", survivor);
    await b.drain();
    expect(survivor.sends()).toEqual([]);
    h.clock.advance(outboxLeaseMs + 1);
    b.keepLeases();
    await b.drain();
    expect(survivor.sends().map((call) => call.text)).toEqual(["crisis reply"]);
  });
});

describe("a live worker with a slow send", () => {
  it("keeps its row by renewing the lease: no other worker sends it meanwhile", async () => {
    const { h, queue } = scene();
    const row = queue("slow");
    const slow = new HangingSender();
    const a = worker(h, "A", slow);
    const draining = a.drain();
    await vi.waitFor(() => expect(slow.started).toEqual(["slow"]));

    const other = new RecordingSender("telegram", h.clock);
    const b = worker(h, "B", other);
    for (let i = 0; i < 4; i++) {
      h.clock.advance((outboxLeaseMs * 3) / 4);
      a.keepLeases();
      b.keepLeases();
      await b.drain();
    }
    expect(other.sends()).toEqual([]);

    slow.release();
    await draining;
    expect(statusOf(h, row.id)).toBe("sent");
    await b.drain();
    expect(other.sends()).toEqual([]);
  });
});

describe("start-up", () => {
  it("as the sole worker, re-sends its dead predecessor's rows at once, lease or not", async () => {
    const { h, queue } = scene();
    const row = queue("interrupted");
    const dying = new HangingSender();
    void worker(h, "A", dying).drain();
    await vi.waitFor(() => expect(statusOf(h, row.id)).toBe("sending"));

    const restarted = new RecordingSender("telegram", h.clock);
    await worker(h, "A-restarted", restarted, { soleWorker: true }).drain();
    expect(restarted.sends().map((call) => call.text)).toEqual(["interrupted"]);
  });

  it("as one of several workers, leaves a row another worker is sending alone", async () => {
    const { h, queue } = scene();
    const row = queue("in flight elsewhere");
    const busy = new HangingSender();
    void worker(h, "A", busy).drain();
    await vi.waitFor(() => expect(statusOf(h, row.id)).toBe("sending"));

    const joining = new RecordingSender("telegram", h.clock);
    await worker(h, "B", joining).drain();
    expect(joining.sends()).toEqual([]);
    expect(statusOf(h, row.id)).toBe("sending");
  });
});
