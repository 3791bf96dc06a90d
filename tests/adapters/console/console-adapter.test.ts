/**
 * The console adapter on in-memory streams: buttons print as numbered options and a typed number
 * presses one, commands and text become the matching events, an edit prints only its last line and
 * ends the numbering, every event gets its own update id, and lines are handled one at a time, in order.
 * A picture is saved as a file (in the configured folder, else INTERLUDE_CONSOLE_IMAGE_DIR) whose path is
 * printed under the text.
 */
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ConsoleAdapter, type ConsoleAdapterOptions, consoleUser } from "../../../adapters/console/console-adapter.js";
import type { InboundEvent } from "../../../src/engine/events.js";
import type { MessagePayload } from "../../../src/outbox/payload.js";
import { RejectedSendError } from "../../../src/outbox/sender.js";
import { tinyPng } from "../../fakes/shared/png.js";

const question: MessagePayload = {
  kind: "message",
  text: "How safe did you feel?\nPick one.",
  choices: [
    [
      { label: "Not at all", data: "AbCdEfGhIj.1" },
      { label: "Somewhat", data: "AbCdEfGhIj.2" },
    ],
    [{ label: "Very", data: "AbCdEfGhIj.3" }],
  ],
};

const running: ConsoleAdapter[] = [];

afterEach(() => {
  for (const adapter of running.splice(0)) adapter.stop();
  vi.unstubAllEnvs();
});

/** An adapter reading `input`, with the events it produced and everything it printed. */
function setUp(
  onEvent: (event: InboundEvent) => Promise<void> = async () => undefined,
  extra: Pick<ConsoleAdapterOptions, "imageDir"> = {},
) {
  const input = new PassThrough();
  const output = new PassThrough();
  output.setEncoding("utf8");
  const events: InboundEvent[] = [];
  const waiters: Array<{ count: number; done: () => void }> = [];
  const adapter = new ConsoleAdapter({
    ...extra,
    input,
    output,
    onEvent: async (event) => {
      events.push(event);
      for (const w of waiters.filter((w) => events.length >= w.count)) w.done();
      await onEvent(event);
    },
  });
  adapter.start();
  running.push(adapter);
  return {
    adapter,
    events,
    /** Types lines and resolves once the adapter has produced `count` events in total. */
    type(lines: string[], count = events.length + lines.length): Promise<InboundEvent[]> {
      const reached = new Promise<void>((done) => {
        if (events.length >= count) done();
        else waiters.push({ count, done });
      });
      input.write(lines.map((l) => `${l}\n`).join(""));
      return reached.then(() => events);
    },
    /** What was printed since the last call. */
    printed(): string {
      // Everything written so far is buffered; read() with no size returns all of it.
      return (output.read() as string | null) ?? "";
    },
  };
}

describe("ConsoleAdapter", () => {
  it("prints a message's buttons as numbered options", async () => {
    const c = setUp();
    const { messageId } = await c.adapter.send(consoleUser.chatId, question);
    expect(messageId).toMatch(/\S/);
    const out = c.printed();
    expect(out).toContain("How safe did you feel?");
    expect(out).toContain("Pick one.");
    expect(out).toContain("[1] Not at all");
    expect(out).toContain("[2] Somewhat");
    expect(out).toContain("[3] Very");
  });

  it("gives each sent message its own id", async () => {
    const c = setUp();
    const first = await c.adapter.send(consoleUser.chatId, { kind: "message", text: "one" });
    const second = await c.adapter.send(consoleUser.chatId, { kind: "message", text: "two" });
    expect(first.messageId).not.toBe(second.messageId);
  });

  it("turns a typed number into a press of that button", async () => {
    const c = setUp();
    await c.adapter.send(consoleUser.chatId, question);
    const [event] = await c.type(["2"]);
    expect(event).toMatchObject({
      platform: "console",
      platformUserId: consoleUser.platformUserId,
      chatId: consoleUser.chatId,
      payload: { type: "choice", data: "AbCdEfGhIj.2" },
    });
    // Buttons on the second row continue the numbering.
    const events = await c.type([" 3 "]);
    expect(events[1]?.payload).toEqual({ type: "choice", data: "AbCdEfGhIj.3" });
  });

  it("treats a number with no button behind it as text", async () => {
    const c = setUp();
    const [before] = await c.type(["1"]);
    expect(before?.payload).toEqual({ type: "text", text: "1" });
    await c.adapter.send(consoleUser.chatId, question);
    const events = await c.type(["4"]);
    expect(events[1]?.payload).toEqual({ type: "text", text: "4" });
  });

  it("turns /pause into a command and other lines into text", async () => {
    const c = setUp();
    const events = await c.type(["/pause", "/link abc123", "I had a hard week"]);
    expect(events.map((e) => e.payload)).toEqual([
      { type: "command", name: "pause", args: "" },
      { type: "command", name: "link", args: "abc123" },
      { type: "text", text: "I had a hard week" },
    ]);
  });

  it("prints only the last line of an edit and ends the numbering", async () => {
    const c = setUp();
    await c.adapter.send(consoleUser.chatId, question);
    c.printed();
    await c.adapter.edit(consoleUser.chatId, "1", "How safe did you feel?\nPick one.\n✓ Somewhat");
    const out = c.printed();
    expect(out.trim()).toBe("✓ Somewhat");
    expect(out).not.toContain("How safe");

    const [event] = await c.type(["1"]);
    expect(event?.payload).toEqual({ type: "text", text: "1" });
  });

  it("gives every event a distinct update id", async () => {
    const c = setUp();
    await c.adapter.send(consoleUser.chatId, question);
    const events = await c.type(["1", "1", "hello", "hello", "/pause"]);
    const ids = events.map((e) => e.updateId);
    expect(ids).toHaveLength(5);
    for (const id of ids) expect(id).toMatch(/\S/);
    expect(new Set(ids).size).toBe(5);
  });

  it("hands lines to the engine one at a time, in order", async () => {
    const handled: string[] = [];
    let release: () => void = () => undefined;
    const firstHeld = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started: () => void = () => undefined;
    const firstStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    const c = setUp(async (event) => {
      const text = event.payload.type === "text" ? event.payload.text : event.payload.type;
      if (text === "first") {
        started();
        await firstHeld;
      }
      handled.push(text);
    });

    const all = c.type(["first", "second", "third"], 3);
    await firstStarted;
    await new Promise((resolve) => setImmediate(resolve));
    // The engine is still busy with the first line: the others wait their turn.
    expect(c.events).toHaveLength(1);
    expect(handled).toEqual([]);

    release();
    const events = await all;
    expect(events.map((e) => (e.payload.type === "text" ? e.payload.text : ""))).toEqual(["first", "second", "third"]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(handled).toEqual(["first", "second", "third"]);
  });

  it("keeps going after the engine fails on a line", async () => {
    const c = setUp(async (event) => {
      if (event.payload.type === "text" && event.payload.text === "boom") throw new Error("engine failed");
    });
    const events = await c.type(["boom", "after"]);
    expect(events.map((e) => e.payload)).toEqual([
      { type: "text", text: "boom" },
      { type: "text", text: "after" },
    ]);
  });

  // Regression: a failed type() once left the input queue rejected, silently dropping later lines.
  it("keeps handling input after a line sent with type() fails", async () => {
    const c = setUp(async (event) => {
      if (event.payload.type === "command" && event.payload.name === "start") throw new Error("engine failed");
    });
    await expect(c.adapter.type("/start")).rejects.toThrow("engine failed");
    const seen = c.type(["hello"], 2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(c.events.map((e) => e.payload.type)).toEqual(["command", "text"]);
    await seen;
  });
});

describe("ConsoleAdapter with a picture", () => {
  const png = tinyPng(2, 2, 9);
  const summary: MessagePayload = {
    ...question,
    text: "Your week.\nThree check-ins.",
    image: { pngBase64: png.toString("base64"), fileName: "week-2026-W47-c12.png", altText: "Scores by week" },
  };

  it("saves the PNG in the image folder (created if missing) and prints its path after the text", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "interlude-console-")), "not", "yet");
    const c = setUp(undefined, { imageDir: dir });
    await c.adapter.send(consoleUser.chatId, summary);

    const path = join(dir, "week-2026-W47-c12.png");
    expect(readFileSync(path).equals(png)).toBe(true);
    // A therapy summary: only its owner may read it.
    expect(statSync(path).mode & 0o077).toBe(0);
    const lines = c.printed().trimEnd().split("\n");
    expect(lines).toEqual([
      "Interlude › Your week.",
      "            Three check-ins.",
      `            [picture: ${path}] Scores by week`,
      "            [1] Not at all   [2] Somewhat   [3] Very",
    ]);
  });

  it("uses INTERLUDE_CONSOLE_IMAGE_DIR when no folder is given", async () => {
    const dir = mkdtempSync(join(tmpdir(), "interlude-console-env-"));
    vi.stubEnv("INTERLUDE_CONSOLE_IMAGE_DIR", dir);
    const c = setUp();
    await c.adapter.send(consoleUser.chatId, summary);
    expect(readFileSync(join(dir, "week-2026-W47-c12.png")).equals(png)).toBe(true);
    expect(c.printed()).toContain(`[picture: ${join(dir, "week-2026-W47-c12.png")}]`);
  });

  it("refuses a picture that is not a PNG and writes nothing", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "interlude-console-bad-")), "pictures");
    const c = setUp(undefined, { imageDir: dir });
    const broken = {
      ...summary,
      image: { ...(summary.image as NonNullable<MessagePayload["image"]>), pngBase64: "aGVsbG8=" },
    };
    await expect(c.adapter.send(consoleUser.chatId, broken)).rejects.toBeInstanceOf(RejectedSendError);
    expect(() => statSync(dir)).toThrow();
    expect(c.printed()).toBe("");
  });
});
