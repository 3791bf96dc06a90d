/**
 * The delivery race at deactivation: a message for the clinician that the dispatcher has already
 * handed to the platform cannot be recalled, but once withdrawn it is never sent again, whether the
 * attempt in flight fails and would be retried, or Interlude crashes before recording it.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { deactivateClinician } from "../../src/admin/deactivate-clinician.js";
import { FakeClock } from "../../src/clock.js";
import { createTherapist } from "../../src/db/repos/people.js";
import { outbox } from "../../src/db/schema.js";
import { silentLogger } from "../../src/logger.js";
import { Dispatcher } from "../../src/outbox/dispatcher.js";
import { leaseFrom } from "../../src/outbox/leases.js";
import type { MessagePayload } from "../../src/outbox/payload.js";
import { claim } from "../../src/outbox/queue.js";
import { type PlatformSender, TransientSendError } from "../../src/outbox/sender.js";
import { fakeWait } from "../fakes/recording-sender.js";
import { ChatUser, createHarness, type Harness, prompts, seedPractice } from "../helpers/harness.js";

/** Holds every send until `release`, then fails it or lets it through; records what got through. */
class HeldSender implements PlatformSender {
  readonly platform = "telegram" as const;
  readonly delivered: Array<{ chatId: string; text: string }> = [];
  private held: Array<() => void> = [];
  /** The next attempt fails (transiently). */
  fail = false;
  hold = true;

  async send(chatId: string, message: MessagePayload) {
    if (this.hold) await new Promise<void>((resolve) => this.held.push(resolve));
    if (this.fail) {
      this.fail = false;
      throw new TransientSendError("server error 502");
    }
    this.delivered.push({ chatId, text: message.text });
    return { messageId: String(this.delivered.length) };
  }

  async edit() {}

  release(): void {
    for (const resume of this.held.splice(0)) resume();
  }

  get waiting(): number {
    return this.held.length;
  }
}

/** A therapist linked in a Telegram chat, whose "you are linked" reply is the one queued row for them. */
function scene() {
  const h = createHarness(undefined, new FakeClock("2026-03-02T10:00:00Z"));
  const seeded = seedPractice(h);
  const successor = createTherapist(h.handle.db, { practiceId: seeded.practiceId, alias: "T2" }, h.clock.now());
  new ChatUser(h, "3003", "3003", "telegram").command("start", seeded.therapistCode);
  const row = h.handle.db.select().from(outbox).where(eq(outbox.chatId, "3003")).get();
  if (!row) throw new Error("nothing queued for the therapist");
  const deactivate = () =>
    h.handle.db.transaction((tx) =>
      deactivateClinician(tx, prompts(), seeded.therapistId, successor.id, h.clock.now()),
    );
  return { h, row, deactivate };
}

function dispatcherFor(h: Harness, sender: PlatformSender) {
  const dispatcher = new Dispatcher(h.handle.db, h.clock, silentLogger, { wait: fakeWait(h.clock) });
  dispatcher.register(sender, { perSecond: 1_000, perChatPerSecond: 1_000 });
  return dispatcher;
}

const statusOf = (h: Harness, id: number) =>
  h.handle.db.select({ status: outbox.status }).from(outbox).where(eq(outbox.id, id)).get()?.status;

describe("a message in flight when its clinician is deactivated", () => {
  it("is not retried when the attempt fails", async () => {
    const { h, row, deactivate } = scene();
    const sender = new HeldSender();
    const dispatcher = dispatcherFor(h, sender);
    const draining = dispatcher.drain();
    await vi.waitFor(() => expect(sender.waiting).toBe(1));
    expect(statusOf(h, row.id)).toBe("sending");

    deactivate();
    // The attempt in flight fails; the notice that access ended, queued meanwhile, goes through.
    sender.fail = true;
    sender.hold = false;
    sender.release();
    await draining;
    expect(statusOf(h, row.id)).toBe("withdrawn");

    h.clock.advance(60 * 60_000);
    await dispatcher.drain();
    expect(sender.delivered).toEqual([{ chatId: "3003", text: prompts().messages.t("en", "clinician.access_ended") }]);
  });

  it("is not sent again after a crash", async () => {
    const { h, row, deactivate } = scene();
    // The dispatcher had claimed it when Interlude stopped.
    expect(claim(h.handle.db, row.id, h.clock.now(), leaseFrom("stopped-worker", h.clock.now()))).toBe(true);
    deactivate();

    const sender = new HeldSender();
    sender.hold = false;
    await dispatcherFor(h, sender).drain();
    expect(statusOf(h, row.id)).toBe("withdrawn");
    expect(sender.delivered.map((d) => d.text)).toEqual([prompts().messages.t("en", "clinician.access_ended")]);
  });
});
