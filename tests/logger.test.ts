/**
 * Logs never carry what a client wrote or who they are. A whole check-in (with a note, a risk answer,
 * a failed event and a refused delivery) runs with every log line captured at trace level, and none
 * may contain the note, a typed answer, the client's alias or the invite code.
 */
import { Writable } from "node:stream";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { Engine } from "../src/engine/engine.js";
import { createLogger } from "../src/logger.js";
import { Dispatcher } from "../src/outbox/dispatcher.js";
import { createRedactor } from "../src/redact.js";
import { fakeWait, RecordingSender } from "./fakes/recording-sender.js";
import { ChatUser, createHarness, prompts, schedulerOn, seedPractice } from "./helpers/harness.js";

function capture(): { sink: Writable; text: () => string } {
  let captured = "";
  const sink = new Writable({
    write(chunk, _encoding, done) {
      captured += chunk.toString();
      done();
    },
  });
  return { sink, text: () => captured };
}

describe("the logger", () => {
  it("redacts the configured secrets and anything token-shaped, in every field of every line", () => {
    const { sink, text } = capture();
    const webhookSecret = "my-webhook-secret-4f9a2c";
    const telegramToken = "7212345678:AAF3kZq9_Lw-7pRt2mNvXc8YbHs4JdQe5Gu";
    const discordToken = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GhT2kq.Zk3vQx9LmN0pR7sT1uW4yA6bC8dE2fG5hJ1kL";
    const logger = createLogger("info", { redact: createRedactor([webhookSecret]), destination: sink });
    logger.warn({ err: { message: `request to http://x/bot${telegramToken}/getUpdates failed` } }, "poll failed");
    logger.child({ token: discordToken }).error(`secret ${webhookSecret} and ${telegramToken}`);
    logger.info(new Error(`thrown with ${telegramToken}`), "with a stack");

    const lines = text().trim().split("\n");
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(text()).toContain("bot<redacted>/getUpdates");
    for (const secret of [webhookSecret, telegramToken, "AAF3kZq9_Lw-7pRt2mNvXc8YbHs4JdQe5Gu", discordToken]) {
      expect(text()).not.toContain(secret);
    }
  });
});

describe("logs", () => {
  it("contain no answers, notes, aliases or codes", async () => {
    let captured = "";
    const sink = new Writable({
      write(chunk, _encoding, done) {
        captured += chunk.toString();
        done();
      },
    });
    const logger = pino({ level: "trace" }, sink);
    const h = createHarness();
    const engine = new Engine({ db: h.handle.db, clock: h.clock, prompts: prompts(), logger });
    const harness = { ...h, engine };
    const seeded = seedPractice(harness, { settings: { riskItem: true }, alias: "Secret-Alias-77" });
    const user = new ChatUser(harness);
    const sender = new RecordingSender("console", h.clock);
    const dispatcher = new Dispatcher(h.handle.db, h.clock, logger, { wait: fakeWait(h.clock) });
    dispatcher.register(sender);

    user.command("start", seeded.code);
    user.pressLabel("I agree");
    engine.startCheckin(seeded.clientId);
    for (const answer of ["4", "mostly", "3", "2", "yes"]) user.text(answer);
    user.text("NOTE-MARKER my private words");
    user.send({ type: "text", text: 12 } as never); // rejected as invalid
    h.handle.sqlite.exec(
      "CREATE TRIGGER boom BEFORE INSERT ON processed_updates BEGIN SELECT RAISE(ABORT, 'boom'); END;",
    );
    user.text("TYPED-MARKER while failing");
    h.handle.sqlite.exec("DROP TRIGGER boom");
    sender.failures.push("transient", "permanent");
    await dispatcher.drain();
    h.clock.advance(60_000);
    await dispatcher.drain();
    schedulerOn(h.handle.db, h.clock, { logger }).tick();

    // The paths that log were really taken.
    for (const line of [
      "inbound event rejected",
      "event handling failed",
      "send failed; will retry",
      "platform refused delivery",
    ]) {
      expect(captured).toContain(line);
    }
    for (const secret of ["NOTE-MARKER", "TYPED-MARKER", "Secret-Alias-77", "my private words", seeded.code]) {
      expect(captured).not.toContain(secret);
    }
  });
});
