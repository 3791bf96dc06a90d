/**
 * A whole Interlude (engine + database + prompts) on an in-memory database with a fake clock, plus a
 * scripted chat partner that sends events and reads what the engine queued for its chat.
 */
import { asc, eq, gt } from "drizzle-orm";
import { type Clock, FakeClock } from "../../src/clock.js";
import { type DatabaseHandle, type Db, openInMemoryDatabase } from "../../src/db/connection.js";
import { createInvite } from "../../src/db/repos/invites.js";
import { createClient, createPractice, createTherapist } from "../../src/db/repos/people.js";
import { outbox, type Platform } from "../../src/db/schema.js";
import { Engine } from "../../src/engine/engine.js";
import type { InboundEvent } from "../../src/engine/events.js";
import { checkinStarter } from "../../src/engine/start-checkin.js";
import type { Locale } from "../../src/i18n/locales.js";
import { type Logger, silentLogger } from "../../src/logger.js";
import type { OutboundPayload } from "../../src/outbox/payload.js";
import type { PracticeSettings } from "../../src/practice/settings.js";
import { loadPrompts, type SafetyPrompts } from "../../src/safety/safety-prompts.js";
import { Scheduler } from "../../src/schedule/scheduler.js";

let cachedPrompts: SafetyPrompts | undefined;
export function prompts(): SafetyPrompts {
  cachedPrompts ??= loadPrompts();
  return cachedPrompts;
}

/** A scheduler on `db` that starts check-ins with the shipped prompts, wired as the app wires it. */
export function schedulerOn(db: Db, clock: Clock, options: { logger?: Logger; random?: () => number } = {}): Scheduler {
  const { logger = silentLogger, random } = options;
  return new Scheduler({
    db,
    clock,
    prompts: prompts(),
    start: checkinStarter(prompts()),
    logger,
    ...(random ? { random } : {}),
  });
}

export interface Harness {
  handle: DatabaseHandle;
  clock: FakeClock;
  engine: Engine;
}

export function createHarness(handle: DatabaseHandle = openInMemoryDatabase(), clock = new FakeClock()): Harness {
  return { handle, clock, engine: new Engine({ db: handle.db, clock, prompts: prompts(), logger: silentLogger }) };
}

export interface Seeded {
  practiceId: number;
  therapistId: number;
  clientId: number;
  code: string;
  therapistCode: string;
}

export function seedPractice(
  h: Harness,
  options: { settings?: Partial<PracticeSettings>; locale?: Locale; alias?: string } = {},
): Seeded {
  const now = h.clock.now();
  const db = h.handle.db;
  const practice = createPractice(
    db,
    { name: "Test practice", timezone: "Europe/Stockholm", locale: "en", settings: options.settings ?? {} },
    now,
  );
  const therapist = createTherapist(db, { practiceId: practice.id, alias: "T1" }, now);
  const client = createClient(
    db,
    {
      practiceId: practice.id,
      therapistId: therapist.id,
      alias: options.alias ?? "Client A",
      locale: options.locale ?? "en",
      checkinId: "alliance-safety",
    },
    now,
  );
  const { code } = createInvite(db, { clientId: client.id }, now, 7);
  const { code: therapistCode } = createInvite(db, { therapistId: therapist.id }, now, 7);
  return { practiceId: practice.id, therapistId: therapist.id, clientId: client.id, code, therapistCode };
}

export interface SentMessage {
  outboxId: number;
  payload: OutboundPayload;
  text: string;
  /** Button data by visible label, for pressing. */
  buttons: Map<string, string>;
}

/** One person in one chat: sends events with fresh update ids and reads new outbox rows for the chat. */
export class ChatUser {
  private nextUpdate = 1;
  private seenOutboxId = 0;

  constructor(
    private readonly h: Harness,
    readonly platformUserId = "user-1",
    readonly chatId = "chat-1",
    readonly platform: Platform = "console",
  ) {}

  send(payload: InboundEvent["payload"], updateId?: string) {
    const event: InboundEvent = {
      platform: this.platform,
      platformUserId: this.platformUserId,
      chatId: this.chatId,
      updateId: updateId ?? `${this.platformUserId}-${this.nextUpdate++}`,
      payload,
    };
    return this.h.engine.handle(event);
  }

  text(text: string, updateId?: string) {
    return this.send({ type: "text", text }, updateId);
  }

  command(name: string, args = "", updateId?: string) {
    return this.send({ type: "command", name, args }, updateId);
  }

  press(data: string, updateId?: string) {
    return this.send({ type: "choice", data }, updateId);
  }

  /** Every outbox row for this chat not read before, oldest first. */
  read(): SentMessage[] {
    const rows = this.h.handle.db
      .select()
      .from(outbox)
      .where(gt(outbox.id, this.seenOutboxId))
      .orderBy(asc(outbox.id))
      .all()
      .filter((row) => row.chatId === this.chatId && row.platform === this.platform);
    const last = this.h.handle.db.select({ id: outbox.id }).from(outbox).orderBy(asc(outbox.id)).all().at(-1);
    this.seenOutboxId = last?.id ?? this.seenOutboxId;
    return rows.map((row) => {
      const payload = row.payload as OutboundPayload;
      const buttons = new Map<string, string>();
      if (payload.kind === "message") for (const b of (payload.choices ?? []).flat()) buttons.set(b.label, b.data);
      return { outboxId: row.id, payload, text: payload.text, buttons };
    });
  }

  /** The button data of the most recent message with buttons among `messages`. */
  static buttonsOf(messages: SentMessage[]): Map<string, string> {
    const withButtons = messages.filter((m) => m.buttons.size > 0).at(-1);
    if (!withButtons) throw new Error(`no message with buttons among: ${messages.map((m) => m.text).join(" | ")}`);
    return withButtons.buttons;
  }

  /** Reads, then presses the button labelled `label` on the latest message that has buttons. */
  pressLabel(label: string, messages = this.read()): ReturnType<ChatUser["press"]> {
    const data = ChatUser.buttonsOf(messages).get(label);
    if (!data) throw new Error(`no button "${label}"`);
    return this.press(data);
  }
}

export function outboxRowFor(h: Harness, id: number) {
  return h.handle.db.select().from(outbox).where(eq(outbox.id, id)).get();
}
