/**
 * A terminal chat with the engine, so anyone can try Interlude without a Telegram or Discord token.
 * Like every adapter it only translates: typed lines become inbound events, outbox messages become
 * printed lines, and buttons become numbered options ("type 2" presses the second button). A picture is
 * saved as a file and its path printed under the text.
 */
import { randomUUID } from "node:crypto";
import { createInterface, type Interface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { type InboundEvent, textToPayload } from "../../src/engine/events.js";
import type { MessagePayload } from "../../src/outbox/payload.js";
import type { PlatformSender } from "../../src/outbox/sender.js";
import { defaultPictureDir, savePicture } from "./save-picture.js";

export const consoleUser = { platformUserId: "console-user", chatId: "console" } as const;

export interface ConsoleAdapterOptions {
  input: Readable;
  output: Writable;
  /** Hands a typed line to the engine (and flushes the outbox); resolves when replies are printed. */
  onEvent: (event: InboundEvent) => Promise<void>;
  /** Called once when the input ends (Ctrl-D or end of a pipe). */
  onClose?: () => void;
  /** Where pictures are saved; default `INTERLUDE_CONSOLE_IMAGE_DIR`, else `<tmp>/interlude-images`. */
  imageDir?: string;
}

export class ConsoleAdapter implements PlatformSender {
  readonly platform = "console" as const;
  private nextMessageId = 1;
  /** Button data of the latest message with buttons, by the number shown next to it. */
  private numbered: string[] = [];
  private lines: Interface | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: ConsoleAdapterOptions) {}

  start(): void {
    this.lines = createInterface({ input: this.options.input, terminal: false });
    this.lines.on("line", (line) => {
      // One line at a time, in order, even when the engine is slower than the typist.
      this.queue = this.queue.then(() => this.options.onEvent(this.toEvent(line))).catch(() => undefined);
    });
    this.lines.on("close", () => {
      void this.queue.then(() => this.options.onClose?.());
    });
  }

  stop(): void {
    this.lines?.close();
  }

  /** Sends a line as if the person had typed it (used for the demo's automatic /start). */
  type(line: string): Promise<void> {
    this.print(`you › ${line}`);
    const handled = this.queue.then(() => this.options.onEvent(this.toEvent(line)));
    // The queue itself must never stay rejected, or every later line would be dropped.
    this.queue = handled.catch(() => undefined);
    return handled;
  }

  toEvent(line: string): InboundEvent {
    const trimmed = line.trim();
    const pressed = /^\d{1,2}$/.test(trimmed) ? this.numbered[Number(trimmed) - 1] : undefined;
    return {
      platform: "console",
      ...consoleUser,
      updateId: randomUUID(),
      payload: pressed ? { type: "choice", data: pressed } : textToPayload(line),
    };
  }

  async send(_chatId: string, message: MessagePayload): Promise<{ messageId: string }> {
    const lines = [`Interlude › ${message.text.replace(/\n/g, "\n            ")}`];
    if (message.image) {
      const path = await savePicture(this.options.imageDir ?? defaultPictureDir(), message.image);
      lines.push(`            [picture: ${path}] ${message.image.altText.replace(/\s+/g, " ")}`);
    }
    if (message.choices) {
      const buttons = message.choices.flat();
      this.numbered = buttons.map((b) => b.data);
      lines.push(`            ${buttons.map((b, i) => `[${i + 1}] ${b.label}`).join("   ")}`);
    }
    this.print(lines.join("\n"));
    return { messageId: String(this.nextMessageId++) };
  }

  async edit(_chatId: string, _messageId: string, text: string): Promise<void> {
    // The question is already on screen above; show only what changed (the answer line).
    this.numbered = [];
    this.print(`            ${text.split("\n").at(-1) ?? text}`);
  }

  private print(text: string): void {
    this.options.output.write(`${text}\n`);
  }
}
