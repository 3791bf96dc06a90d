/**
 * For privacy tests: a chat partner whose update ids say nothing about them (as on the real
 * platforms, where they are counters or snowflakes), a client with something in every table that can
 * hold client data, and a scan of every row of every table for what would identify that client.
 */
import { asc, eq } from "drizzle-orm";
import type { DatabaseHandle } from "../../src/db/connection.js";
import { createClient } from "../../src/db/repos/people.js";
import { setSchedule } from "../../src/db/repos/schedules.js";
import { nextPlannedSession, type SessionRow } from "../../src/db/repos/sessions.js";
import { alerts, outbox, sessions } from "../../src/db/schema.js";
import type { InboundEvent } from "../../src/engine/events.js";
import { TelegramInbox } from "../../src/inbox/telegram-inbox.js";
import { silentLogger } from "../../src/logger.js";
import { ratingsTick } from "../../src/ratings/ratings-job.js";
import { MemoryRiskSpool } from "../../src/safety/spool.js";
import { SafetyWatch } from "../../src/safety/watch.js";
import { scheduleInputSchema } from "../../src/schedule/spec.js";
import { sessionsTick } from "../../src/sessions/sessions-job.js";
import { topicsTick } from "../../src/topics/topics-job.js";
import { ChatUser, type Harness, prompts, type Seeded, schedulerOn, seedPractice } from "./harness.js";
import { recordCheckin } from "./history.js";
import { minutes } from "./safety.js";

let update = 0;

/** A ChatUser whose update ids are opaque counters shared by every such user. */
export class OpaqueChatUser extends ChatUser {
  override send(payload: InboundEvent["payload"], updateId?: string) {
    update += 1;
    return super.send(payload, updateId ?? `u${update}`);
  }
}

export const en = (key: Parameters<ReturnType<typeof prompts>["messages"]["t"]>[1]) => prompts().messages.t("en", key);

export function watchFor(h: Harness): SafetyWatch {
  return new SafetyWatch({
    db: h.handle.db,
    clock: h.clock,
    prompts: prompts(),
    logger: silentLogger,
    spool: new MemoryRiskSpool(),
  });
}

/** What identifies the full client below, anywhere in the database. */
export const fullClient = {
  alias: "Willow-93",
  platformUserId: "tg-user-5550123",
  chatId: "tg-chat-5550123",
  note: "The homework felt pointless this week,\nhonestly I did not see how it connects to what we talked about",
  riskWords: "some nights I want to kill myself",
  followUpNote: "I called my sister yesterday evening",
  /** Kept with /later for the next session, released to the therapist before it. */
  topic: "whether we could meet every other week instead",
  /** Kept with /later just for the client: never shown to anyone, but theirs in the export. */
  privateTopic: "the dream about the old house",
};

export interface FullClientScene {
  seeded: Seeded;
  client: OpaqueChatUser;
  therapist: OpaqueChatUser;
  alertId: number;
  /** Another client of the same practice, whose data must survive untouched. */
  otherClientId: number;
}

/**
 * A client with consent, an identity, answers and a note, a risk alert (acknowledged) with its
 * follow-up answer and note, their own schedule and cursor, sessions (one held and being rated by the
 * therapist), topics kept for the next session (one released, one just for them), audit entries, and outbox rows both to them and about them (to the therapist), some
 * sent and some not.
 */
export function fullClientScene(h: Harness, options: { acknowledge?: boolean } = {}): FullClientScene {
  const seeded = seedPractice(h, {
    alias: fullClient.alias,
    settings: {
      riskItem: true,
      region: "SE",
      crisisResources: [{ region: "SE", name: "Crisis line", contact: "0000", verified: true }],
    },
  });
  const db = h.handle.db;
  const therapist = new OpaqueChatUser(h, "therapist-tg-777", "therapist-chat-777", "telegram");
  therapist.command("start", seeded.therapistCode);
  const client = new OpaqueChatUser(h, fullClient.platformUserId, fullClient.chatId, "telegram");
  client.command("start", seeded.code);
  client.pressLabel(en("consent.accept"));

  h.engine.startCheckin(seeded.clientId);
  for (const answer of ["4", "4", "3", "5", "no"]) client.text(answer);
  client.text(fullClient.note);
  client.text(fullClient.riskWords);
  const alertId = db.select().from(alerts).get()?.id as number;

  // Some of what was queued has gone out by now.
  db.update(outbox).set({ status: "sent", sentAt: h.clock.now(), platformMessageId: "m1" }).run();
  if (options.acknowledge !== false) {
    therapist.command("ack", String(alertId));
    h.clock.advance(minutes(24 * 60 + 1));
    watchFor(h).tick();
    client.pressLabel(en("follow_up.reached"));
    client.text(fullClient.followUpNote);
  }

  const schedule = scheduleInputSchema.parse({ spec: "daily at 18:00" });
  setSchedule(db, { practiceId: seeded.practiceId, clientId: seeded.clientId }, schedule, h.clock.now(), "2026-01-01");
  schedulerOn(db, h.clock).tick();
  // Sessions the therapist planned in chat: a weekly appointment, and one extra.
  therapist.command("session", `${fullClient.alias} every thu 14:00`);
  therapist.command("session", `${fullClient.alias} tue 09:00`);
  // The first of them held, and the therapist's own rating of it begun (one answer, two to go).
  const first = db.select().from(sessions).orderBy(asc(sessions.startsAt)).get() as SessionRow;
  h.clock.set(new Date(first.startsAt.getTime() + (first.durationMinutes + 61) * 60_000));
  sessionsTick(db, h.clock.now());
  ratingsTick(db, prompts(), h.clock.now());
  therapist.pressLabel("4");
  // Topics for the next session: one released to the therapist before it, one kept just for the client.
  client.command("later", fullClient.topic);
  client.command("later", fullClient.privateTopic);
  client.pressLabel(en("topics.button_just_for_me"));
  const next = nextPlannedSession(db, seeded.clientId, h.clock.now()) as SessionRow;
  h.clock.set(new Date(next.startsAt.getTime() - 30 * 60_000));
  topicsTick(db, prompts(), h.clock.now());
  // A webhook update of theirs that a worker accepted and has not handled yet: their words, waiting.
  new TelegramInbox(db, silentLogger).accept(
    {
      updateId: 990_001,
      chatId: fullClient.chatId,
      payload: JSON.stringify({ update_id: 990_001, message: { text: fullClient.note } }),
    },
    h.clock.now(),
  );

  const other = createClient(
    db,
    {
      practiceId: seeded.practiceId,
      therapistId: seeded.therapistId,
      alias: "Birch-12",
      locale: "en",
      checkinId: "alliance-safety",
    },
    h.clock.now(),
  );
  recordCheckin(db, other.id, h.clock.now(), [5, 4, 4, 4], { note: "Birch wrote something long enough" });
  return { seeded, client, therapist, alertId, otherClientId: other.id };
}

/** A therapist-bound message as the weekly summary writes it, straight into the outbox. */
export function summaryRow(h: Harness, text: string, sent: boolean, key: string) {
  return h.handle.db
    .insert(outbox)
    .values({
      platform: "telegram",
      chatId: "therapist-chat-777",
      payload: { kind: "message", text },
      priority: 1,
      status: sent ? "sent" : "pending",
      nextAttemptAt: h.clock.now(),
      dedupeKey: key,
      createdAt: h.clock.now(),
      ...(sent ? { sentAt: h.clock.now() } : {}),
    })
    .returning()
    .get();
}

export function outboxRow(h: Harness, id: number) {
  return h.handle.db.select().from(outbox).where(eq(outbox.id, id)).get();
}

/**
 * Every place in the database that still points at the client: a client-id column holding their id,
 * a "client:<id>" reference, or any text containing one of `needles`. Skips `skipTables` entirely.
 */
export function tracesOf(
  handle: DatabaseHandle,
  clientId: number,
  needles: string[],
  skipTables: string[] = [],
): string[] {
  const tables = handle.sqlite
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
    .pluck()
    .all() as string[];
  const reference = new RegExp(`client:${clientId}(?!\\d)`);
  const found: string[] = [];
  for (const table of tables.filter((t) => !skipTables.includes(t))) {
    const rows = handle.sqlite.prepare(`select * from "${table}"`).all() as Record<string, unknown>[];
    for (const row of rows) {
      for (const [column, value] of Object.entries(row)) {
        const clientColumn = column === "client_id" || (table === "clients" && column === "id");
        if (clientColumn && value === clientId) found.push(`${table}.${column} = ${clientId}`);
        if (typeof value !== "string") continue;
        if (reference.test(value)) found.push(`${table}.${column} refers to client:${clientId}`);
        for (const needle of needles) {
          if (value.includes(needle)) found.push(`${table}.${column} contains ${JSON.stringify(needle)}`);
        }
      }
    }
  }
  return found;
}

/** What the scan looks for, for the full client. */
export function fullClientNeedles(): string[] {
  const note = fullClient.note;
  return [
    fullClient.alias,
    fullClient.platformUserId,
    fullClient.chatId,
    note,
    note.replace(/\s+/g, " "),
    note.slice(0, 20),
    fullClient.riskWords,
    fullClient.followUpNote,
    fullClient.topic,
    fullClient.privateTopic,
  ];
}
