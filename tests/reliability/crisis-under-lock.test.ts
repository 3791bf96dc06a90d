/**
 * Another process holds the database's write lock for seconds while a client discloses risk. The
 * crisis reply must leave before the lock is released: better-sqlite3 busy-waits synchronously, so a
 * reply waiting behind the lock (or handed to the network just before a blocking write) would leave
 * only afterwards. Proven by timestamps, not by assuming how fast anything runs: the fake platform
 * notes when a send gets the event loop back (as a real socket write would), the locking process
 * notes when it released, and it releases either when told (after the reply was seen) or by itself
 * after 4.5 s, inside the 5 s busy timeout, so a blocked process cannot tell it to.
 */
import { describe, expect, it } from "vitest";
import { Engine } from "../../src/engine/engine.js";
import { silentLogger } from "../../src/logger.js";
import { Dispatcher } from "../../src/outbox/dispatcher.js";
import type { MessagePayload } from "../../src/outbox/payload.js";
import type { PlatformSender } from "../../src/outbox/sender.js";
import { reportCrisisOutcome } from "../../src/safety/crisis-delivery.js";
import { fakeWait } from "../fakes/recording-sender.js";
import { prompts } from "../helpers/harness.js";
import { lockFile } from "../helpers/write-lock.js";
import { storageScene } from "./storage-scene.js";

class WallClockSender implements PlatformSender {
  readonly platform = "console" as const;
  readonly sent: { chatId: string; text: string; leftAt: number }[] = [];
  async send(chatId: string, message: MessagePayload) {
    // Leaves when the event loop is free again, as bytes on a socket would.
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.sent.push({ chatId, text: message.text, leftAt: Date.now() });
    return { messageId: String(this.sent.length) };
  }
  async edit() {}
}

describe("a write lock held by another process while a client discloses risk", () => {
  it("does not delay the crisis reply: it leaves before the lock is released", async () => {
    const s = storageScene();
    await s.dispatcher.drain();
    const sender = new WallClockSender();
    const dispatcher = new Dispatcher(s.h.handle.db, s.h.clock, silentLogger, {
      wait: fakeWait(s.h.clock),
      onCrisisOutcome: (tx, row, outcome, now) => reportCrisisOutcome(tx, prompts(), row, outcome, now),
    });
    dispatcher.register(sender);
    s.h.engine = new Engine({
      db: s.h.handle.db,
      clock: s.h.clock,
      prompts: prompts(),
      logger: silentLogger,
      urgent: dispatcher,
      spool: s.spool,
    });
    // The app's own busy timeout: 5 s.
    expect(s.h.handle.sqlite.pragma("busy_timeout", { simple: true })).toBe(5000);

    const lock = lockFile(s.path);
    await lock.line("locked");
    const outcome = s.client.text("I want to kill myself", "locked-1");
    const crisis = () => sender.sent.find((m) => m.chatId === s.client.chatId && m.text.includes("Crisis line: 0000"));
    while (!crisis() && lock.child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 20));
    lock.child.stdin.write("release\n");
    const releasedAt = Number((await lock.line("released")).split(" ")[1]);
    expect(crisis()?.leftAt).toBeLessThan(releasedAt);
    // It was answered from memory after a short wait, and spooled.
    expect(outcome).toBe("failed");
    // Only the crisis reply: no "something went wrong, nothing was changed" after it.
    expect(sender.sent.filter((m) => m.chatId === s.client.chatId)).toHaveLength(1);

    // Once the lock is gone, the alert opens, saying truthfully that the resources were sent.
    await new Promise<void>((resolve) => {
      const check = () => (s.spool.read().entries[0]?.reply === "sent" ? resolve() : setTimeout(check, 10));
      check();
    });
    expect(s.watch.tick().recovered).toBe(1);
    await dispatcher.drain();
    const told = sender.sent.filter((m) => m.chatId === s.therapist.chatId).at(-1)?.text ?? "";
    expect(told).toContain(prompts().messages.t("en", "clinician.risk_reply_sent"));
    // The crisis reply is not sent a second time.
    expect(sender.sent.filter((m) => m.chatId === s.client.chatId)).toHaveLength(1);
  }, 20_000);
});
