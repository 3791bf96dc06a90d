/**
 * The Dispatcher against a scripted fake platform: id order, recorded platform message ids, edits of
 * sent (and never-sent) messages, transient retries with backoff or retry-after, permanent refusals,
 * giving up after maxAttempts, concurrent drains, rows whose payload is invalid, and rows carrying a
 * secret (an invite's code), whose payload is forgotten once they are final and kept while retried.
 */
import { describe, expect, it } from "vitest";
import { FakeClock } from "../../src/clock.js";
import { createIdentity, getIdentity } from "../../src/db/repos/identities.js";
import { silentLogger } from "../../src/logger.js";
import { Dispatcher, type DispatcherOptions } from "../../src/outbox/dispatcher.js";
import type { MessagePayload, OutboundPayload } from "../../src/outbox/payload.js";
import { enqueue, forgottenSecretPayload, getOutboxRow, markFinal, priority } from "../../src/outbox/queue.js";
import { PermanentSendError, type PlatformSender, TransientSendError } from "../../src/outbox/sender.js";
import { fakeWait } from "../fakes/recording-sender.js";
import { createHarness, type Harness, seedPractice } from "../helpers/harness.js";

interface Call {
  kind: "send" | "edit";
  chatId: string;
  text: string;
  /** For sends: the id returned; for edits: the id asked to edit. */
  messageId?: string;
  outcome: "ok" | "failed";
}

/** Records every attempt, successful or not; `failures` scripts the outcome of the next attempts. */
class ScriptedSender implements PlatformSender {
  readonly platform = "telegram" as const;
  readonly calls: Call[] = [];
  readonly failures: Array<Error | undefined> = [];
  /** While set, every call waits for it, so a test can act while sends are in flight. */
  gate: Promise<void> | undefined;
  private nextId = 1;

  async send(chatId: string, message: MessagePayload) {
    await this.gate;
    const failure = this.failures.shift();
    if (failure) {
      this.calls.push({ kind: "send", chatId, text: message.text, outcome: "failed" });
      throw failure;
    }
    const messageId = `m${this.nextId++}`;
    this.calls.push({ kind: "send", chatId, text: message.text, messageId, outcome: "ok" });
    return { messageId };
  }

  async edit(chatId: string, messageId: string, text: string) {
    await this.gate;
    const failure = this.failures.shift();
    this.calls.push({ kind: "edit", chatId, text, messageId, outcome: failure ? "failed" : "ok" });
    if (failure) throw failure;
  }
}

function setUp(options: DispatcherOptions = {}) {
  const h = createHarness(undefined, new FakeClock("2026-03-02T10:00:00Z"));
  const sender = new ScriptedSender();
  const dispatcher = new Dispatcher(h.handle.db, h.clock, silentLogger, { wait: fakeWait(h.clock), ...options });
  // Generous limits: these tests are about delivery, not rate limiting.
  dispatcher.register(sender, { perSecond: 1_000, perChatPerSecond: 1_000 });
  let key = 0;
  const queue = (
    chatId: string,
    payload: OutboundPayload | Record<string, unknown>,
    identityId: number | null = null,
  ) =>
    enqueue(
      h.handle.db,
      {
        platform: "telegram",
        chatId,
        identityId,
        payload: payload as OutboundPayload,
        priority: priority.scheduled,
        dedupeKey: `test:${key++}`,
      },
      h.clock.now(),
    );
  const row = (id: number) => {
    const found = getOutboxRow(h.handle.db, id);
    if (!found) throw new Error(`no outbox row ${id}`);
    return found;
  };
  return { h, sender, dispatcher, queue, row };
}

const message = (text: string): OutboundPayload => ({ kind: "message", text });

function clientIdentity(h: Harness, chatId = "chat-1") {
  const seeded = seedPractice(h);
  return createIdentity(
    h.handle.db,
    { platform: "telegram", platformUserId: `user-${chatId}`, chatId, clientId: seeded.clientId },
    h.clock.now(),
  );
}

describe("Dispatcher: sending", () => {
  it("sends rows in id order and records the platform message id", async () => {
    const { sender, dispatcher, queue, row } = setUp();
    const rows = [
      queue("d", message("d1")),
      queue("b", message("b1")),
      queue("a", message("a1")),
      queue("c", message("c1")),
    ];

    const report = await dispatcher.drain();

    expect(report).toEqual({ sent: 4, retried: 0, failed: 0, undeliverable: 0 });
    expect(sender.calls.map((c) => c.text)).toEqual(["d1", "b1", "a1", "c1"]);
    for (const [i, r] of rows.entries()) {
      expect(row(r.id)).toMatchObject({ status: "sent", platformMessageId: `m${i + 1}`, attempts: 0 });
      expect(row(r.id).sentAt).toEqual(expect.any(Date));
    }
    // Nothing is sent twice.
    await dispatcher.drain();
    expect(sender.calls).toHaveLength(4);
  });

  it("keeps each chat's messages in id order", async () => {
    const { sender, dispatcher, queue } = setUp();
    for (const text of ["a1", "b1", "a2", "a3", "b2"]) queue(text[0] as string, message(text));

    await dispatcher.drain();

    expect(sender.calls.filter((c) => c.chatId === "a").map((c) => c.text)).toEqual(["a1", "a2", "a3"]);
    expect(sender.calls.filter((c) => c.chatId === "b").map((c) => c.text)).toEqual(["b1", "b2"]);
  });

  it("sends an edit with the platform message id of its target", async () => {
    const { sender, dispatcher, queue, row } = setUp();
    const question = queue("a", message("How was it?"));
    const edit = queue("a", { kind: "edit", targetOutboxId: question.id, text: "How was it?\n✓ Good" });

    await dispatcher.drain();

    expect(sender.calls).toEqual([
      { kind: "send", chatId: "a", text: "How was it?", messageId: "m1", outcome: "ok" },
      { kind: "edit", chatId: "a", text: "How was it?\n✓ Good", messageId: "m1", outcome: "ok" },
    ]);
    expect(row(edit.id).status).toBe("sent");
  });

  it("fails an edit whose target was never sent, without calling the platform", async () => {
    const { h, sender, dispatcher, queue, row } = setUp();
    const gaveUp = queue("a", message("never delivered"));
    markFinal(h.handle.db, gaveUp.id, "failed", "gave up");
    const edit = queue("a", { kind: "edit", targetOutboxId: gaveUp.id, text: "changed" });
    const orphan = queue("b", { kind: "edit", targetOutboxId: 9_999, text: "changed" });

    const report = await dispatcher.drain();

    expect(sender.calls).toEqual([]);
    expect(report.failed).toBe(2);
    expect(row(edit.id).status).toBe("failed");
    expect(row(orphan.id).status).toBe("failed");
  });

  it("fails a row with an invalid payload without calling the platform, and goes on", async () => {
    const { sender, dispatcher, queue, row } = setUp();
    const bad = queue("a", { kind: "banner", text: "?" });
    const empty = queue("b", { kind: "message", text: "" });
    const good = queue("a", message("after"));

    const report = await dispatcher.drain();

    expect(row(bad.id)).toMatchObject({ status: "failed", attempts: 0 });
    expect(row(empty.id).status).toBe("failed");
    expect(row(bad.id).lastError).toContain("payload");
    expect(report.failed).toBe(2);
    expect(sender.calls.map((c) => c.text)).toEqual(["after"]);
    expect(row(good.id).status).toBe("sent");
  });
});

describe("Dispatcher: failures", () => {
  it("retries a transient failure with exponential backoff", async () => {
    const { h, sender, dispatcher, queue, row } = setUp({ baseRetryMs: 2_000 });
    const r = queue("a", message("hello"));
    const start = h.clock.now().getTime();
    sender.failures.push(new TransientSendError("502"), new TransientSendError("502"));

    expect((await dispatcher.drain()).retried).toBe(1);
    expect(row(r.id)).toMatchObject({ status: "pending", attempts: 1 });
    expect(row(r.id).nextAttemptAt.getTime()).toBe(start + 2_000);
    expect(row(r.id).lastError).toContain("502");

    // Not due yet: nothing happens.
    h.clock.advance(1_999);
    await dispatcher.drain();
    expect(sender.calls).toHaveLength(1);

    h.clock.advance(1);
    await dispatcher.drain();
    expect(sender.calls).toHaveLength(2);
    expect(row(r.id)).toMatchObject({ status: "pending", attempts: 2 });
    // The second wait is twice the first.
    expect(row(r.id).nextAttemptAt.getTime()).toBe(h.clock.now().getTime() + 4_000);

    h.clock.advance(4_000);
    await dispatcher.drain();
    expect(sender.calls.map((c) => c.outcome)).toEqual(["failed", "failed", "ok"]);
    expect(row(r.id)).toMatchObject({ status: "sent", platformMessageId: "m1" });
  });

  it("treats an unclassified error as transient", async () => {
    const { h, sender, dispatcher, queue, row } = setUp({ baseRetryMs: 2_000 });
    const r = queue("a", message("hello"));
    sender.failures.push(new Error("ECONNRESET"));
    await dispatcher.drain();
    expect(row(r.id)).toMatchObject({ status: "pending", attempts: 1 });
    h.clock.advance(2_000);
    await dispatcher.drain();
    expect(row(r.id).status).toBe("sent");
  });

  it("honours the platform's retry-after instead of its own backoff", async () => {
    const { h, sender, dispatcher, queue, row } = setUp({ baseRetryMs: 2_000 });
    const r = queue("a", message("hello"));
    const start = h.clock.now().getTime();
    sender.failures.push(new TransientSendError("429", 37_000));

    await dispatcher.drain();
    expect(row(r.id)).toMatchObject({ status: "pending", attempts: 1 });
    expect(row(r.id).nextAttemptAt.getTime()).toBe(start + 37_000);

    h.clock.advance(36_999);
    await dispatcher.drain();
    expect(sender.calls).toHaveLength(1);

    h.clock.advance(1);
    await dispatcher.drain();
    expect(row(r.id).status).toBe("sent");
    expect(sender.calls).toHaveLength(2);
  });

  // Regression: a long retry_after pauses the whole platform; the drain must return and leave the
  // rows to a later drain rather than await the pause (here ten minutes) in memory.
  it("does not sleep in memory for a long retry_after", async () => {
    const waits: number[] = [];
    const { h, sender, dispatcher, queue } = setUp({
      wait: async (ms) => {
        waits.push(ms);
        h.clock.advance(ms);
      },
    });
    queue("a", message("first"));
    queue("b", message("other chat"));
    sender.failures.push(new TransientSendError("429", 10 * 60_000));

    await dispatcher.drain();

    expect(Math.max(0, ...waits)).toBeLessThan(60_000);
  });

  it("holds the chat's later rows back while the first waits for its retry", async () => {
    const { h, sender, dispatcher, queue, row } = setUp({ baseRetryMs: 2_000 });
    const first = queue("a", message("first"));
    const second = queue("a", message("second"));
    sender.failures.push(new TransientSendError("502"));

    await dispatcher.drain();
    expect(row(second.id).status).toBe("pending");
    expect(sender.calls.map((c) => c.text)).toEqual(["first"]);

    h.clock.advance(2_000);
    await dispatcher.drain();
    expect(sender.calls.map((c) => [c.text, c.outcome])).toEqual([
      ["first", "failed"],
      ["first", "ok"],
      ["second", "ok"],
    ]);
    expect(row(first.id).status).toBe("sent");
  });

  it("marks a permanent refusal undeliverable, flags the identity, and never retries", async () => {
    const refused: number[] = [];
    const { h, sender, dispatcher, queue, row } = setUp({
      onUndeliverable: (_tx, identityId) => refused.push(identityId),
    });
    const identity = clientIdentity(h);
    const r = queue("chat-1", message("hello"), identity.id);
    sender.failures.push(new PermanentSendError("403: bot was blocked by the user"));

    const report = await dispatcher.drain();

    expect(report.undeliverable).toBe(1);
    expect(row(r.id)).toMatchObject({ status: "undeliverable" });
    expect(row(r.id).lastError).toContain("403");
    expect(getIdentity(h.handle.db, identity.id)?.undeliverable).toBe(true);
    expect(refused).toEqual([identity.id]);

    // Hours later, and with a new message queued for the same account: the platform is not asked again.
    const later = queue("chat-1", message("again"), identity.id);
    h.clock.advance(6 * 3_600_000);
    await dispatcher.drain();
    expect(sender.calls).toHaveLength(1);
    expect(row(r.id).status).toBe("undeliverable");
    expect(row(later.id).status).toBe("undeliverable");
  });

  it("gives a row up as failed after maxAttempts", async () => {
    const { h, sender, dispatcher, queue, row } = setUp({ maxAttempts: 3, baseRetryMs: 1_000 });
    const r = queue("a", message("hello"));
    const next = queue("a", message("next in the chat"));
    sender.failures.push(...Array.from({ length: 3 }, () => new TransientSendError("503")));

    for (let i = 0; i < 5; i++) {
      await dispatcher.drain();
      h.clock.advance(60_000);
    }

    const attemptsOnFirst = sender.calls.filter((c) => c.text === "hello");
    expect(attemptsOnFirst).toHaveLength(3);
    expect(row(r.id).status).toBe("failed");
    expect(row(r.id).lastError).toContain("503");
    // A row given up no longer holds back the rest of its chat.
    expect(row(next.id).status).toBe("sent");
    expect(sender.calls.map((c) => c.outcome)).toEqual(["failed", "failed", "failed", "ok"]);
  });
});

describe("Dispatcher: rows carrying a secret", () => {
  const secret = (text: string): OutboundPayload => ({ kind: "message", text, secret: true });

  it("sends the text, then keeps only a placeholder; other rows keep theirs", async () => {
    const { sender, dispatcher, queue, row } = setUp();
    const invite = queue("a", secret("/link CODE-1"));
    const plain = queue("a", message("a note"));
    await dispatcher.drain();
    expect(sender.calls.map((c) => c.text)).toEqual(["/link CODE-1", "a note"]);
    expect(row(invite.id)).toMatchObject({ status: "sent", payload: forgottenSecretPayload });
    expect(row(plain.id).payload).toEqual(message("a note"));
  });

  it("keeps the text while a send is retried, and forgets it when the row is given up", async () => {
    const { h, sender, dispatcher, queue, row } = setUp({ maxAttempts: 2, baseRetryMs: 1_000 });
    const invite = queue("a", secret("/link CODE-2"));
    sender.failures.push(new TransientSendError("503"), new TransientSendError("503"));
    await dispatcher.drain();
    expect(row(invite.id)).toMatchObject({ status: "pending", payload: secret("/link CODE-2") });
    h.clock.advance(60_000);
    await dispatcher.drain();
    expect(row(invite.id)).toMatchObject({ status: "failed", payload: forgottenSecretPayload });
  });

  it("forgets it when the platform refuses the account", async () => {
    const { h, sender, dispatcher, queue, row } = setUp();
    const identity = clientIdentity(h);
    const invite = queue("chat-1", secret("/link CODE-3"), identity.id);
    sender.failures.push(new PermanentSendError("403: bot was blocked by the user"));
    await dispatcher.drain();
    expect(row(invite.id)).toMatchObject({ status: "undeliverable", payload: forgottenSecretPayload });
  });
});

describe("Dispatcher: concurrency", () => {
  it("sends each row once when drain() is called twice at the same time", async () => {
    const { sender, dispatcher, queue, row } = setUp();
    const rows = [queue("a", message("a1")), queue("b", message("b1")), queue("c", message("c1"))];
    let open: () => void = () => undefined;
    sender.gate = new Promise<void>((resolve) => {
      open = resolve;
    });

    const first = dispatcher.drain();
    const second = dispatcher.drain();
    sender.gate = undefined;
    open();
    const reports = await Promise.all([first, second]);

    expect(sender.calls.map((c) => c.text).sort()).toEqual(["a1", "b1", "c1"]);
    // Both callers see the one shared pass.
    expect(reports[0]).toEqual({ sent: 3, retried: 0, failed: 0, undeliverable: 0 });
    expect(reports[1]).toEqual(reports[0]);
    expect(rows.map((r) => row(r.id).status)).toEqual(["sent", "sent", "sent"]);
    // A later drain finds nothing left to send.
    expect(await dispatcher.drain()).toEqual({ sent: 0, retried: 0, failed: 0, undeliverable: 0 });
    expect(sender.calls).toHaveLength(3);
  });
});
