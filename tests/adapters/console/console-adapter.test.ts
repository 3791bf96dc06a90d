/**
 * The console adapter on in-memory streams: buttons print as numbered options and a typed number
 * presses one, commands and text become the matching events, an edit prints only its last line and
 * ends the numbering, every event gets its own update id, and lines are handled one at a time, in order.
 * A picture is saved as a file (in the configured folder, else INTERLUDE_CONSOLE_IMAGE_DIR, else a fresh
 * private folder made with mkdtemp) whose path is printed under the text.
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  ConsoleAdapter,
  type ConsoleAdapterOptions,
  consoleTherapist,
  consoleUser,
} from "../../../adapters/console/console-adapter.js";
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

/** Lets the adapter finish its bookkeeping after the last event resolved (the prompt follows it). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("ConsoleAdapter prompt and echo", () => {
  it("shows a prompt once a line is handled, and echoes a piped line after it", async () => {
    const c = setUp(async () => {
      await c.adapter.send(consoleUser.chatId, { kind: "message", text: "Noted." });
    });
    await c.type(["I had a hard week"]);
    await settle();
    expect(c.printed()).toBe("you › I had a hard week\nInterlude › Noted.\nyou › ");
  });

  it("puts a message that arrives while the prompt waits on a line of its own, then prompts again", async () => {
    const c = setUp();
    c.adapter.showPrompt();
    c.adapter.showPrompt();
    await c.adapter.send(consoleUser.chatId, { kind: "message", text: "A reminder." });
    expect(c.printed()).toBe("you › \nInterlude › A reminder.\nyou › ");
  });

  it("echoes the demo's automatic line as it echoes a typed one", async () => {
    const c = setUp();
    await c.adapter.type("/start abc");
    await settle();
    expect(c.printed()).toBe("you › /start abc\nyou › ");
  });
});

describe("ConsoleAdapter with the therapist's chat", () => {
  it("labels the therapist's messages and numbers their buttons apart from the client's", async () => {
    const c = setUp();
    await c.adapter.send(consoleUser.chatId, question);
    await c.adapter.send(consoleTherapist.chatId, {
      kind: "message",
      text: "Risk alert #1\nDemo client",
      choices: [[{ label: "Acknowledge", data: "ZzZzZzZzZz.ack" }]],
    });
    const out = c.printed();
    // Continued lines line up under the label's end.
    expect(out).toContain(`Interlude → therapist › Risk alert #1\n${" ".repeat(24)}Demo client\n`);
    expect(out).toContain("[1] Acknowledge");
    // The client's "1" still presses the client's first button.
    const [event] = await c.type(["1"]);
    expect(event?.payload).toEqual({ type: "choice", data: "AbCdEfGhIj.1" });
  });

  it("switches whose account typed lines come from with /as, and the prompt says so", async () => {
    const c = setUp();
    await c.adapter.send(consoleTherapist.chatId, {
      kind: "message",
      text: "Pick",
      choices: [[{ label: "Acknowledge", data: "ZzZzZzZzZz.ack" }]],
    });
    c.printed();
    const events = await c.type(["/as therapist", "/alerts", "1"], 2);
    expect(events.map((e) => [e.platformUserId, e.chatId, e.payload])).toEqual([
      [consoleTherapist.platformUserId, consoleTherapist.chatId, { type: "command", name: "alerts", args: "" }],
      [consoleTherapist.platformUserId, consoleTherapist.chatId, { type: "choice", data: "ZzZzZzZzZz.ack" }],
    ]);
    await settle();
    const out = c.printed();
    expect(out).toContain("You are the demo therapist now");
    expect(out).toContain("you as therapist › /alerts\n");
    expect(out.endsWith("you as therapist › ")).toBe(true);

    const back = await c.type(["/as client", "hello"], 3);
    expect(back[2]).toMatchObject({ ...consoleUser, payload: { type: "text", text: "hello" } });
    await settle();
    expect(c.printed().endsWith("you › ")).toBe(true);
  });

  it("answers /as with anything else with how to use it, and sends nothing to the engine", async () => {
    const c = setUp();
    const events = await c.type(["/as", "/as nobody", "after"], 1);
    expect(events.map((e) => e.payload)).toEqual([{ type: "text", text: "after" }]);
    await settle();
    const out = c.printed();
    expect(out.match(/Type \/as therapist/g)).toHaveLength(2);
    expect(out.endsWith("you › ")).toBe(true);
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

  it("without a configured folder, saves into a fresh private folder of its own, never a fixed shared one", async () => {
    const tmp = mkdtempSync(join(tmpdir(), "interlude-console-tmp-"));
    try {
      vi.stubEnv("TMPDIR", tmp);
      vi.stubEnv("INTERLUDE_CONSOLE_IMAGE_DIR", "");
      // The old fixed name, made first by someone else and open to everyone: it must not be used.
      const planted = join(tmp, "interlude-images");
      mkdirSync(planted);
      chmodSync(planted, 0o777);
      const pictureIn = (c: ReturnType<typeof setUp>) => /\[picture: (.+?)\]/.exec(c.printed())?.[1] ?? "";

      const first = setUp();
      await first.adapter.send(consoleUser.chatId, summary);
      const firstPath = pictureIn(first);
      await first.adapter.send(consoleUser.chatId, {
        ...summary,
        image: { ...(summary.image as NonNullable<MessagePayload["image"]>), fileName: "b.png" },
      });
      const again = pictureIn(first);
      const second = setUp();
      await second.adapter.send(consoleUser.chatId, summary);
      const secondPath = pictureIn(second);

      for (const path of [firstPath, again, secondPath]) {
        expect(dirname(dirname(path))).toBe(tmp);
        expect(dirname(path).startsWith(join(tmp, "interlude-pictures-"))).toBe(true);
        expect(statSync(dirname(path)).mode & 0o777).toBe(0o700);
        expect(statSync(path).mode & 0o777).toBe(0o600);
      }
      // One folder per adapter (a process's console chat), a new one for the next.
      expect(dirname(again)).toBe(dirname(firstPath));
      expect(dirname(secondPath)).not.toBe(dirname(firstPath));
      expect(readdirSync(planted)).toEqual([]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
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
