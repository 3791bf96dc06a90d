/**
 * The crisis reply always arrives, and what clinicians are told about it is true: a failing direct
 * send is retried with backoff inside a bound, its outcome is recorded on the outbox row, the alert
 * says "sent", "being retried" or "could not be sent", and a late success or final failure is
 * followed by a line. A crisis row left unsent by a crash, or a spooled reply that never arrived, is
 * sent again.
 */
import { eq, like } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { outbox } from "../../src/db/schema.js";
import { Engine } from "../../src/engine/engine.js";
import { silentLogger } from "../../src/logger.js";
import type { UrgentChannel } from "../../src/outbox/channels.js";
import { Dispatcher, type DispatcherOptions } from "../../src/outbox/dispatcher.js";
import { leaseFrom } from "../../src/outbox/leases.js";
import type { MessagePayload } from "../../src/outbox/payload.js";
import { PermanentSendError, TransientSendError } from "../../src/outbox/sender.js";
import { reportCrisisOutcome } from "../../src/safety/crisis-delivery.js";
import { MemoryRiskSpool } from "../../src/safety/spool.js";
import { SafetyWatch } from "../../src/safety/watch.js";
import { type Failure, fakeWait, RecordingSender } from "../fakes/recording-sender.js";
import { createHarness, type Harness, prompts } from "../helpers/harness.js";
import { auditActions, safetyScene } from "../helpers/safety.js";

const en = (key: Parameters<ReturnType<typeof prompts>["messages"]["t"]>[1], values = {}) =>
  prompts().messages.t("en", key, values);

function dispatcherFor(h: Harness, sender: RecordingSender, options: DispatcherOptions = {}) {
  const dispatcher = new Dispatcher(h.handle.db, h.clock, silentLogger, {
    wait: fakeWait(h.clock),
    onCrisisOutcome: (tx, row, outcome, now) => reportCrisisOutcome(tx, prompts(), row, outcome, now),
    ...options,
  });
  dispatcher.register(sender);
  return dispatcher;
}

/** A client and their linked therapist, everything before the disclosure already sent and forgotten. */
async function scene(options: DispatcherOptions = {}) {
  const h = createHarness();
  const sender = new FlakyChat("console", h.clock);
  const dispatcher = dispatcherFor(h, sender, options);
  const spool = new MemoryRiskSpool();
  h.engine = new Engine({
    db: h.handle.db,
    clock: h.clock,
    prompts: prompts(),
    logger: silentLogger,
    urgent: dispatcher,
    spool,
  });
  const safety = safetyScene(h);
  await dispatcher.drain();
  sender.calls.length = 0;
  sender.flakyChat = safety.client.chatId;
  const crisisRow = () => h.handle.db.select().from(outbox).where(like(outbox.dedupeKey, "crisis:a%")).all().at(-1);
  const toTherapist = () => sender.sends(safety.therapist.chatId).map((c) => c.text);
  const crisisSends = () => sender.sends(safety.client.chatId).filter((c) => c.text.includes(crisisOpening));
  return { h, sender, dispatcher, spool, ...safety, crisisRow, toTherapist, crisisSends };
}

/** A platform whose sends to one chat (the client's) fail as told; every other chat works. */
class FlakyChat extends RecordingSender {
  readonly chatFailures: Failure[] = [];
  failedOnce: () => void = () => undefined;
  flakyChat = "";
  override async send(chatId: string, message: MessagePayload, options: { dedupeKey: string }) {
    const failure = chatId === this.flakyChat ? this.chatFailures.shift() : undefined;
    if (failure !== undefined) {
      this.failedOnce();
      if (failure === "transient") throw new TransientSendError("server error 502");
      if (failure === "permanent") throw new PermanentSendError("403: bot was blocked by the user");
      if (failure instanceof Error) throw failure;
      throw new TransientSendError("429: too many requests", failure.retryAfterMs);
    }
    return super.send(chatId, message, options);
  }
}

const networkError = () => Object.assign(new Error("fetch failed: ECONNRESET"), { name: "HttpError" });

const crisisOpening = en("crisis.reply_text").split("\n")[0] as string;

describe("a direct crisis send", () => {
  it("that succeeds at once is recorded sent, and the alert says so before it leaves", async () => {
    const s = await scene();
    s.client.text("I want to kill myself");
    await vi.waitFor(() => expect(s.crisisRow()?.status).toBe("sent"));
    await s.dispatcher.drain();
    expect(s.toTherapist()).toHaveLength(1);
    expect(s.toTherapist()[0]).toContain(en("clinician.risk_reply_sent"));
    expect(s.toTherapist()[0]).not.toContain(en("clinician.risk_reply_sending"));
  });

  it("failing with a network error, then a 5xx, is retried with backoff until sent, and the clinician told", async () => {
    const s = await scene();
    s.sender.chatFailures.push(networkError(), "transient");
    const started = s.h.clock.now().getTime();
    s.client.text("I want to kill myself");
    await vi.waitFor(() => expect(s.crisisRow()?.status).toBe("sent"));
    // Three tries, 1 s then 2 s apart on the clock the dispatcher waits by.
    expect(s.crisisSends()).toHaveLength(1);
    expect(s.crisisRow()).toMatchObject({ attempts: 3, lastError: expect.stringContaining("502") });
    expect(s.crisisSends()[0]?.at).toBe(started + 3_000);
    await s.dispatcher.drain();
    const told = s.toTherapist();
    // The alert left while the send was failing, and said so; the late success follows it.
    expect(told).toHaveLength(2);
    expect(told[0]).toContain(en("clinician.risk_reply_retrying"));
    expect(told[0]).not.toContain(en("clinician.risk_reply_sent"));
    expect(told[1]).toContain("the crisis resources have now reached Client A");
    expect(auditActions(s.h)).toEqual(expect.arrayContaining(["risk.reply_retrying", "risk.reply_sent"]));
  });

  it("failing until the bound is recorded unsent, and the clinician is told to reach the client another way", async () => {
    const s = await scene({ crisisRetry: { baseMs: 1_000, maxDelayMs: 8_000, windowMs: 30_000 } });
    for (let n = 0; n < 50; n++) s.sender.chatFailures.push("transient");
    const started = s.h.clock.now().getTime();
    s.client.text("I want to kill myself");
    await vi.waitFor(() => expect(s.crisisRow()?.status).toBe("failed"));
    // 0, 1, 3, 7, 15, 23 s: the next wait (8 s) would pass the 30 s bound.
    expect(s.crisisSends()).toHaveLength(0);
    expect(s.crisisRow()?.attempts).toBe(6);
    expect(s.h.clock.now().getTime() - started).toBeLessThanOrEqual(30_000);
    s.sender.chatFailures.length = 0;
    await s.dispatcher.drain();
    const told = s.toTherapist();
    expect(told[0]).toContain(en("clinician.risk_reply_retrying"));
    expect(told.at(-1)).toContain(
      en("clinician.risk_reply_late_failed", { alert: 1, alias: "Client A", time: "" }).split("(")[0],
    );
    expect(told.at(-1)).toContain("contact them another way");
    // Given up for good: not sent later behind the clinician's back.
    expect(s.crisisSends()).toHaveLength(0);
  });

  it("refused by the platform for good is recorded undeliverable, and the alert says it could not be sent", async () => {
    const s = await scene();
    s.sender.chatFailures.push("permanent");
    s.client.text("I want to kill myself");
    await vi.waitFor(() => expect(s.crisisRow()?.status).toBe("undeliverable"));
    await s.dispatcher.drain();
    expect(s.toTherapist()[0]).toContain(en("clinician.risk_reply_failed"));
  });

  it("does not hold up the queue while it is being retried", async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const h = createHarness();
    const sender = new FlakyChat("console", h.clock);
    let holdNextWait = false;
    sender.failedOnce = () => {
      holdNextWait = true;
    };
    // The crisis reply's retry wait does not end until the test says so; the clinician's alert must not wait for it.
    const dispatcher = dispatcherFor(h, sender, {
      wait: async (ms) => {
        h.clock.advance(ms);
        if (!holdNextWait) return;
        holdNextWait = false;
        await gate;
      },
    });
    h.engine = new Engine({
      db: h.handle.db,
      clock: h.clock,
      prompts: prompts(),
      logger: silentLogger,
      urgent: dispatcher,
    });
    const { client, therapist } = safetyScene(h);
    await dispatcher.drain();
    sender.calls.length = 0;
    sender.flakyChat = client.chatId;
    sender.chatFailures.push("transient");
    client.text("I want to kill myself");
    await vi.waitFor(() => expect(sender.sends(therapist.chatId)).toHaveLength(1));
    expect(sender.sends(therapist.chatId)[0]?.text).toContain(en("clinician.risk_reply_retrying"));
    expect(sender.sends(client.chatId)).toHaveLength(0);
    release();
    await vi.waitFor(() => expect(sender.sends(client.chatId)).toHaveLength(1));
    await dispatcher.stop();
  });
});

describe("after a restart", () => {
  it("a crisis row left unsent is sent again, and the clinician told it has now arrived", async () => {
    const h = createHarness();
    // The process dies between the commit and the send: nothing leaves.
    const dead: UrgentChannel = {
      leaseFor: (now) => leaseFrom("dead-worker", now),
      sendRecorded: () => undefined,
      sendUnrecorded: async () => undefined,
    };
    h.engine = new Engine({ db: h.handle.db, clock: h.clock, prompts: prompts(), logger: silentLogger, urgent: dead });
    const { client, therapist } = safetyScene(h);
    client.text("I want to kill myself");
    const row = () => h.handle.db.select().from(outbox).where(like(outbox.dedupeKey, "crisis:a%")).get();
    expect(row()?.status).toBe("sending");

    const sender = new RecordingSender("console", h.clock);
    const dispatcher = dispatcherFor(h, sender);
    await dispatcher.drain();
    await dispatcher.drain();
    expect(row()?.status).toBe("sent");
    const since = (chatId: string) => sender.sends(chatId).filter((c) => !c.text.includes("linked"));
    const crisisOpening = en("crisis.reply_text").split("\n")[0] as string;
    expect(since(client.chatId).filter((c) => c.text.includes(crisisOpening))).toHaveLength(1);
    const told = since(therapist.chatId).map((c) => c.text);
    expect(told.join("\n")).toMatch(/sending them the crisis resources now[\s\S]*have now reached Client A/);
  });

  it("a spooled crisis reply that never arrived is sent again on replay, and the alert says it is being sent", async () => {
    const h = createHarness();
    const sender = new RecordingSender("console", h.clock);
    const dispatcher = dispatcherFor(h, sender);
    const spool = new MemoryRiskSpool();
    const { client, therapist, seeded } = safetyScene(h);
    await dispatcher.drain();
    sender.calls.length = 0;
    const identity = { platform: "console" as const, platformUserId: client.platformUserId };
    const at = h.clock.now().getTime();
    spool.append({ ...identity, updateId: "lost-1", kind: "risk_text", at });
    spool.recordReply("console", "lost-1", "failed");
    // Unknown outcome (the process died mid-send): waits for the retry window, then is sent again.
    spool.append({ ...identity, updateId: "lost-2", kind: "risk_item", at });
    const watch = new SafetyWatch({ db: h.handle.db, clock: h.clock, prompts: prompts(), logger: silentLogger, spool });

    expect(watch.tick().recovered).toBe(1);
    expect(spool.read().entries.map((e) => e.updateId)).toEqual(["lost-2"]);
    await dispatcher.drain();
    expect(sender.sends(client.chatId).map((c) => c.text)).toEqual([
      expect.stringContaining(en("crisis.reply_text").split("\n")[0] as string),
    ]);
    const told = sender.sends(therapist.chatId).map((c) => c.text);
    expect(told[0]).toContain(en("clinician.trigger_recovered"));
    expect(told.join("\n")).toContain("have now reached Client A");

    h.clock.advance(12 * 60_000);
    expect(watch.tick().recovered).toBe(1);
    await dispatcher.drain();
    expect(sender.sends(client.chatId).at(-1)?.text).toContain(en("crisis.reply_item").split("\n")[0] as string);
    expect(spool.read().entries).toEqual([]);
    const rows = h.handle.db.select().from(outbox).where(eq(outbox.chatId, client.chatId)).all();
    expect(rows.filter((r) => r.dedupeKey.startsWith("crisis:a")).map((r) => r.status)).toEqual(["sent", "sent"]);
    expect(seeded.clientId).toBeGreaterThan(0);
  });
});
