/**
 * A terminal chat with the engine, so anyone can try Interlude without a Telegram or Discord token.
 * Like every adapter it only translates: typed lines become inbound events, outbox messages become
 * printed lines, and buttons become numbered options ("type 2" presses the second button). A picture is
 * saved as a file and its path printed under the text.
 *
 * The terminal holds two chats, so the demo shows both sides of Interlude: the client's (the default)
 * and the demo therapist's, whose messages are labelled as such. `/as therapist` and `/as client` switch
 * whose account the typed lines come from; the prompt always says which.
 */
import { randomUUID } from "node:crypto";
import { createInterface, type Interface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { type InboundEvent, textToPayload } from "../../src/engine/events.js";
import type { MessagePayload } from "../../src/outbox/payload.js";
import type { PlatformSender } from "../../src/outbox/sender.js";
import { withoutControlCharacters } from "../../src/text/control-characters.js";
import { pictureFolder, savePicture } from "./save-picture.js";

export const consoleUser = { platformUserId: "console-user", chatId: "console" } as const;
/** The demo therapist's account and chat in the console. */
export const consoleTherapist = { platformUserId: "console-therapist", chatId: "console-therapist" } as const;

type Speaker = "client" | "therapist";

interface Chat {
  account: { platformUserId: string; chatId: string };
  /** Shown while waiting for this person to type. */
  prompt: string;
  /** Leads each message Interlude sends into this chat. */
  label: string;
}

const chats: Record<Speaker, Chat> = {
  client: { account: consoleUser, prompt: "you › ", label: "Interlude › " },
  therapist: { account: consoleTherapist, prompt: "you as therapist › ", label: "Interlude → therapist › " },
};

const switchedTo: Record<Speaker, string> = {
  client: "(You are the demo client again. /as therapist switches to the therapist's chat.)",
  therapist:
    "(You are the demo therapist now: /alerts lists open alerts, /summary shows this week so far, " +
    "/summary Demo client shows one client with a chart, /ack N acknowledges alert N. /as client goes back.)",
};

const asUsage = "(Type /as therapist to use the demo therapist's chat, or /as client to go back.)";

export interface ConsoleAdapterOptions {
  input: Readable;
  output: Writable;
  /** Hands a typed line to the engine (and flushes the outbox); resolves when replies are printed. */
  onEvent: (event: InboundEvent) => Promise<void>;
  /** Called once when the input ends (Ctrl-D or end of a pipe). */
  onClose?: () => void;
  /** Where pictures are saved; default `INTERLUDE_CONSOLE_IMAGE_DIR`, else a fresh private folder (mkdtemp). */
  imageDir?: string;
}

export class ConsoleAdapter implements PlatformSender {
  readonly platform = "console" as const;
  private nextMessageId = 1;
  /** Button data of each chat's latest message with buttons, by the number shown next to it. */
  private readonly numbered = new Map<string, string[]>();
  private speaker: Speaker = "client";
  private lines: Interface | undefined;
  private queue: Promise<void> = Promise.resolve();
  /** Lines taken in and not yet handled; the prompt shows only when there are none. */
  private pending = 0;
  /** Whether the prompt is the last thing on screen (the cursor is after it). */
  private promptShown = false;

  /** One folder for this chat's pictures, made when the first one arrives. */
  private readonly pictures: () => Promise<string>;

  constructor(private readonly options: ConsoleAdapterOptions) {
    this.pictures = pictureFolder(options.imageDir);
  }

  start(): void {
    this.lines = createInterface({ input: this.options.input, terminal: false });
    // A terminal shows what was typed; from a pipe nothing would, so the line is printed after the prompt.
    const echo = !(this.options.input as { isTTY?: boolean }).isTTY;
    this.lines.on("line", (line) => void this.enqueue(line, echo).catch(() => undefined));
    this.lines.on("close", () => {
      void this.queue.then(() => this.options.onClose?.());
    });
  }

  stop(): void {
    this.lines?.close();
  }

  /** Sends a line as if the person had typed it (used for the demo's automatic /start). */
  type(line: string): Promise<void> {
    return this.enqueue(line, true);
  }

  /** Shows the prompt, unless a line is still being handled (its end shows it). */
  showPrompt(): void {
    if (this.pending > 0 || this.promptShown) return;
    this.options.output.write(chats[this.speaker].prompt);
    this.promptShown = true;
  }

  toEvent(line: string): InboundEvent {
    const { account } = chats[this.speaker];
    const trimmed = line.trim();
    const buttons = this.numbered.get(account.chatId) ?? [];
    const pressed = /^\d{1,2}$/.test(trimmed) ? buttons[Number(trimmed) - 1] : undefined;
    return {
      platform: "console",
      ...account,
      updateId: randomUUID(),
      payload: pressed ? { type: "choice", data: pressed } : textToPayload(line),
    };
  }

  async send(chatId: string, message: MessagePayload): Promise<{ messageId: string }> {
    const label = this.labelFor(chatId);
    const indent = " ".repeat(label.length);
    const lines = [`${label}${message.text.replace(/\n/g, `\n${indent}`)}`];
    if (message.image) {
      const path = await savePicture(this.pictures, message.image);
      lines.push(`${indent}[picture: ${path}] ${message.image.altText.replace(/\s+/g, " ")}`);
    }
    if (message.choices) {
      const buttons = message.choices.flat();
      this.numbered.set(
        chatId,
        buttons.map((b) => b.data),
      );
      lines.push(`${indent}${buttons.map((b, i) => `[${i + 1}] ${b.label}`).join("   ")}`);
    }
    this.print(lines.join("\n"));
    return { messageId: String(this.nextMessageId++) };
  }

  async edit(chatId: string, _messageId: string, text: string): Promise<void> {
    // The question is already on screen above; show only what changed (the answer line).
    this.numbered.delete(chatId);
    this.print(`${" ".repeat(this.labelFor(chatId).length)}${text.split("\n").at(-1) ?? text}`);
  }

  /** Queues a line behind the ones before it; resolves when the engine has handled it. */
  private enqueue(line: string, echo: boolean): Promise<void> {
    this.pending += 1;
    // One line at a time, in order, even when the engine is slower than the typist.
    const handled = this.queue.then(async () => {
      if (echo) {
        // Shown as it will be stored: a control character typed into a pipe must not drive the terminal.
        const shown = withoutControlCharacters(line);
        this.options.output.write(`${this.promptShown ? "" : chats[this.speaker].prompt}${shown}\n`);
      }
      // The typist pressed Enter (or the echo ended the line): the cursor is on a fresh line.
      this.promptShown = false;
      if (!this.switchSpeaker(line)) await this.options.onEvent(this.toEvent(line));
    });
    // The queue itself must never stay rejected, or every later line would be dropped.
    this.queue = handled
      .catch(() => undefined)
      .finally(() => {
        this.pending -= 1;
        this.showPrompt();
      });
    return handled;
  }

  /** `/as therapist`, `/as client`: handled here, never sent to the engine. Returns whether it was one. */
  private switchSpeaker(line: string): boolean {
    const match = /^\/as(?:\s+(\S*))?\s*$/i.exec(line.trim());
    if (!match) return false;
    const wanted = match[1]?.toLowerCase();
    if (wanted === "client" || wanted === "therapist") {
      this.speaker = wanted;
      this.print(switchedTo[wanted]);
    } else {
      this.print(asUsage);
    }
    return true;
  }

  private labelFor(chatId: string): string {
    const chat = Object.values(chats).find((c) => c.account.chatId === chatId);
    return chat?.label ?? `Interlude → ${chatId} › `;
  }

  /**
   * Prints a block on a line of its own. A message that arrives while the prompt waits (an escalation
   * from the minute tick) goes below it, and the prompt is shown again underneath.
   */
  private print(text: string): void {
    const { output } = this.options;
    const waiting = this.promptShown;
    if (waiting) output.write((output as { isTTY?: boolean }).isTTY ? "\r\u001b[2K" : "\n");
    // Messages can quote what clients wrote; whatever was stored before controls were dropped stays inert here.
    output.write(`${withoutControlCharacters(text)}\n`);
    this.promptShown = false;
    if (waiting) this.showPrompt();
  }
}
