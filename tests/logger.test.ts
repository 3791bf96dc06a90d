/**
 * Logs never carry what a client wrote or who they are. A whole check-in (with a note, a risk answer,
 * a failed event and a refused delivery) runs with every log line captured at trace level, and none
 * may contain the note, a typed answer, the client's alias or the invite code.
 */
import { Writable } from "node:stream";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { Engine } from "../src/engine/engine.js";
import { Dispatcher } from "../src/outbox/dispatcher.js";
import { Scheduler } from "../src/schedule/scheduler.js";
import { fakeWait, RecordingSender } from "./fakes/recording-sender.js";
import { ChatUser, createHarness, prompts, seedPractice } from "./helpers/harness.js";

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
    new Scheduler({ db: h.handle.db, clock: h.clock, prompts: prompts(), logger }).tick();

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
