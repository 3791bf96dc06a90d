/**
 * A platform refusing a client for good: the row is not retried, the identity is marked, and the
 * therapist is alerted once, however many messages bounce.
 */
import { describe, expect, it } from "vitest";
import { alerts, identities, outbox } from "../../src/db/schema.js";
import { raiseUndeliverable } from "../../src/engine/undeliverable.js";
import { silentLogger } from "../../src/logger.js";
import { Dispatcher } from "../../src/outbox/dispatcher.js";
import { fakeWait, RecordingSender } from "../fakes/recording-sender.js";
import { enrolledClient } from "../helpers/enrolled.js";
import { ChatUser, createHarness, prompts } from "../helpers/harness.js";

describe("undeliverable clients", () => {
  it("marks the identity, never retries, and alerts the therapist once", async () => {
    const h = createHarness();
    const { seeded } = enrolledClient(h);
    const therapist = new ChatUser(h, "t-1", "t-chat");
    therapist.command("start", seeded.therapistCode);
    const sender = new RecordingSender("console", h.clock);
    const dispatcher = new Dispatcher(h.handle.db, h.clock, silentLogger, {
      wait: fakeWait(h.clock),
      onUndeliverable: (tx, identityId, now) => raiseUndeliverable(tx, prompts(), identityId, now),
    });
    dispatcher.register(sender);
    await dispatcher.drain();
    sender.calls.length = 0;

    h.engine.startCheckin(seeded.clientId);
    h.engine.startCheckin(seeded.clientId, { idempotencyKey: "another" });
    sender.failures.push("permanent");
    await dispatcher.drain();
    h.clock.advance(3_600_000);
    await dispatcher.drain();

    const clientIdentity = h.handle.db
      .select()
      .from(identities)
      .all()
      .find((i) => i.clientId === seeded.clientId);
    expect(clientIdentity?.undeliverable).toBe(true);
    const statuses = h.handle.db
      .select()
      .from(outbox)
      .all()
      .filter((r) => r.chatId === "chat-1")
      .map((r) => r.status);
    expect(statuses.filter((s) => s === "undeliverable")).toHaveLength(2);
    expect(statuses.filter((s) => s === "pending" || s === "sending")).toHaveLength(0);
    // Only the first was offered to the platform; the second was never sent to a refusing account.
    expect(sender.sends("chat-1")).toHaveLength(0);
    expect(sender.failures).toHaveLength(0);

    const open = h.handle.db.select().from(alerts).all();
    expect(open).toMatchObject([{ kind: "undeliverable", clientId: seeded.clientId, trigger: "console_refused" }]);
    const toTherapist = sender.sends("t-chat").map((c) => c.text);
    expect(toTherapist).toEqual([
      prompts().messages.t("en", "clinician.undeliverable", { alias: "Client A", platform: "console" }),
    ]);
    // No new check-in goes to an account that refused.
    expect(h.engine.startCheckin(seeded.clientId, { idempotencyKey: "third" })).toEqual({
      status: "skipped",
      reason: "no_deliverable_account",
    });
  });

  it("retries server errors and timeouts with backoff until they go through", async () => {
    const h = createHarness();
    const { seeded } = enrolledClient(h);
    const sender = new RecordingSender("console", h.clock);
    const dispatcher = new Dispatcher(h.handle.db, h.clock, silentLogger, {
      wait: fakeWait(h.clock),
      baseRetryMs: 1_000,
    });
    dispatcher.register(sender);
    await dispatcher.drain();
    h.engine.startCheckin(seeded.clientId);
    sender.failures.push("transient", new Error("ETIMEDOUT"), "transient");
    for (let i = 0; i < 4; i++) {
      await dispatcher.drain();
      h.clock.advance(5_000);
    }
    const row = h.handle.db.select().from(outbox).all().at(-1);
    expect(row).toMatchObject({ status: "sent", attempts: 3 });
    expect(h.handle.db.select().from(alerts).all()).toHaveLength(0);
  });
});
