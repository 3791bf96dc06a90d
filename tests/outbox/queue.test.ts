/**
 * enqueue returns the row it wrote without reading it back; that row must be exactly what a read
 * returns (defaults included), for both a queued message and one the caller sends itself.
 */
import { describe, expect, it } from "vitest";
import { FakeClock } from "../../src/clock.js";
import { leaseFrom } from "../../src/outbox/leases.js";
import { enqueue, getOutboxRow, priority } from "../../src/outbox/queue.js";
import { createHarness, seedPractice } from "../helpers/harness.js";

describe("enqueue", () => {
  it.each(["pending", "sending"] as const)("returns the stored row (%s)", (status) => {
    const h = createHarness(undefined, new FakeClock("2026-11-23T12:00:00.123Z"));
    seedPractice(h);
    const written = enqueue(
      h.handle.db,
      {
        platform: "telegram",
        chatId: "chat-9",
        identityId: null,
        payload: { kind: "message", text: "hello", choices: [[{ data: "abc.1", label: "One" }]] },
        priority: priority.reply,
        dedupeKey: `test:${status}`,
        status,
        ...(status === "sending" ? { lease: leaseFrom("worker-1", h.clock.now()) } : {}),
      },
      h.clock.now(),
    );
    expect(written).toEqual(getOutboxRow(h.handle.db, written.id));
    expect(written.claimedAt).toEqual(status === "sending" ? h.clock.now() : null);
    expect(written.claimedBy).toEqual(status === "sending" ? "worker-1" : null);
  });

  it("refuses a row written as sending without a lease: nobody would ever take it over", () => {
    const h = createHarness();
    seedPractice(h);
    const input = {
      platform: "telegram" as const,
      chatId: "chat-9",
      identityId: null,
      payload: { kind: "message" as const, text: "hello" },
      priority: priority.reply,
      dedupeKey: "test:no-lease",
      status: "sending" as const,
    };
    expect(() => enqueue(h.handle.db, input, h.clock.now())).toThrow(/lease/);
    expect(getOutboxRow(h.handle.db, 1)).toBeUndefined();
  });
});
