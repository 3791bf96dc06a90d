/**
 * Pacing on its own: a chat inside its own rate limit for longer than the drain may wait in memory is
 * left to a later drain, and does not hold up the other chats.
 */
import { describe, expect, it } from "vitest";
import { FakeClock } from "../../src/clock.js";
import { openInMemoryDatabase } from "../../src/db/connection.js";
import { drainPlatform } from "../../src/outbox/pacing.js";
import { enqueue, getOutboxRow, markSent, priority } from "../../src/outbox/queue.js";
import { RateLimiter } from "../../src/outbox/rate-limiter.js";
import { RecordingSender } from "../fakes/recording-sender.js";

describe("drainPlatform", () => {
  it("leaves a chat whose own limit is long off to the next drain, without sleeping, and sends the others", async () => {
    const clock = new FakeClock("2026-11-23T12:00:00Z");
    const { db } = openInMemoryDatabase();
    const ids = ["a", "b"].map(
      (chatId) =>
        enqueue(
          db,
          {
            platform: "telegram",
            chatId,
            identityId: null,
            payload: { kind: "message", text: chatId },
            priority: priority.scheduled,
            dedupeKey: `k-${chatId}`,
          },
          clock.now(),
        ).id,
    );
    // One send to chat "a" a moment ago: its next is allowed only in about ten seconds.
    const limiter = new RateLimiter({ perSecond: 1_000, perChatPerSecond: 0.1 });
    limiter.record("a", clock.now().getTime());
    const waits: number[] = [];
    const sentTo: string[] = [];
    await drainPlatform(
      {
        db,
        clock,
        batchSize: 10,
        maxInlineWaitMs: 1_500,
        wait: async (ms) => {
          waits.push(ms);
          clock.advance(ms);
        },
        stopped: () => false,
      },
      { sender: new RecordingSender("telegram", clock), limiter },
      async (row) => {
        sentTo.push(row.chatId);
        markSent(db, row.id, "m", clock.now());
      },
    );
    expect(sentTo).toEqual(["b"]);
    expect(waits.every((ms) => ms <= 1_500)).toBe(true);
    expect(getOutboxRow(db, ids[0] as number)?.status).toBe("pending");
  });
});
