/**
 * The console demo end to end, in process, as a newcomer types it: the demo client consents and checks
 * in, writes a risk note (with control characters in it), gets the crisis reply; the demo therapist's
 * chat in the same terminal shows the alert; `/as therapist` then `/alerts` lists it and `/summary`
 * shows the week with the check-in. What is stored, and what is printed, has no control characters.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { consoleTherapist, consoleUser } from "../../../adapters/console/console-adapter.js";
import { startConsoleDemo } from "../../../adapters/console/console-demo.js";
import { type App, consoleDemoPort, createApp } from "../../../src/app.js";
import { systemClock } from "../../../src/clock.js";
import { loadConfig } from "../../../src/config.js";
import { alerts, answers } from "../../../src/db/schema.js";
import { ensureDemo } from "../../../src/demo/demo-practice.js";
import { silentLogger } from "../../../src/logger.js";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The demo on an in-memory database, with a keyboard (`type`) and a screen (`waitFor`). */
async function startDemo() {
  const app: App = createApp(loadConfig({ INTERLUDE_DB: ":memory:" }), systemClock, silentLogger);
  const input = new PassThrough();
  const output = new PassThrough();
  let screen = "";
  output.on("data", (chunk: Buffer) => {
    screen += chunk.toString("utf8");
  });
  const demo = ensureDemo(app.database.db, app.clock.now(), consoleTherapist);
  const imageDir = mkdtempSync(join(tmpdir(), "interlude-demo-pictures-"));
  const adapter = await startConsoleDemo(consoleDemoPort(app, demo, consoleUser.platformUserId), demo, {
    input,
    output,
    imageDir,
  });
  cleanups.push(async () => {
    adapter.stop();
    await app.dispatcher.stop();
    app.database.close();
  });
  return {
    app,
    screen: () => screen,
    type: (line: string) => void input.write(`${line}\n`),
    /** Resolves with the screen from `from` on once it shows `text` there; fails with the screen after 15 s. */
    async waitFor(text: string, from = 0): Promise<number> {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const at = screen.indexOf(text, from);
        if (at >= 0) return at;
        if (Date.now() > deadline) throw new Error(`did not see ${JSON.stringify(text)} in:\n${screen}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
  };
}

describe("the console demo", () => {
  it("shows the whole loop: check-in, risk note, the therapist's alert, /alerts and /summary", async () => {
    const demo = await startDemo();
    await demo.waitFor("[1] I agree");
    expect(demo.screen()).toContain("/as therapist");
    demo.type("1");
    let at = await demo.waitFor("I felt safe to say what really mattered");
    for (const answer of ["4", "mostly", "4", "4"]) {
      demo.type(answer);
      at = await demo.waitFor("✓ 4 · mostly", at + 1);
    }
    await demo.waitFor("thoughts of harming yourself", at);
    demo.type("2");
    at = await demo.waitFor("anything you'd like your therapist to know", at);
    // A bell and a terminal escape typed into the note.
    demo.type("I want to end my life\u0007\u001b[2J");
    at = await demo.waitFor("Something you wrote made me want to check on you", at);
    const alertAt = await demo.waitFor("Interlude → therapist › ⚠ Risk alert 1: Demo client", at);
    await demo.waitFor("/ack 1", alertAt);
    await demo.waitFor("that's everything for this check-in", at);

    demo.type("/as therapist");
    demo.type("/alerts");
    at = await demo.waitFor("Interlude → therapist › Open alerts", alertAt);
    at = await demo.waitFor("#1 · Demo client · risk", at);
    await demo.waitFor("wrote: “I want to end my life[2J”", at);

    demo.type("/summary");
    at = await demo.waitFor("Interlude → therapist › Weekly summary", at);
    await demo.waitFor("Demo client · answered 1/1", at);
    await demo.waitFor("you as therapist › ", at);

    const { db } = demo.app.database;
    expect(db.select().from(alerts).all()).toHaveLength(1);
    const note = db
      .select()
      .from(answers)
      .all()
      .find((a) => a.itemId === "note");
    expect(note?.text).toBe("I want to end my life[2J");
    // Nothing the client typed reaches the terminal as a control character either.
    expect(demo.screen()).not.toMatch(/(?!\n)\p{Cc}/u);
  }, 60_000);
});
