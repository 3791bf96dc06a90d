/**
 * Occurrences (one check-in sent to one client), their answers, and consent decisions.
 */
import { and, desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../connection.js";
import { prepared } from "../prepared.js";
import { answers, consents, type OccurrenceStatus, occurrences } from "../schema.js";

export type OccurrenceRow = typeof occurrences.$inferSelect;
export type AnswerRow = typeof answers.$inferSelect;

export function openOccurrenceFor(db: DbOrTx, clientId: number): OccurrenceRow | undefined {
  return prepared(db, "occurrence.openFor", (d) =>
    d
      .select()
      .from(occurrences)
      .where(and(eq(occurrences.clientId, sql.placeholder("clientId")), eq(occurrences.status, "open")))
      .orderBy(desc(occurrences.id))
      .prepare(),
  ).get({ clientId });
}

export function getOccurrence(db: DbOrTx, id: number): OccurrenceRow | undefined {
  return db.select().from(occurrences).where(eq(occurrences.id, id)).get();
}

/**
 * Records a slot that was not sent (the client could not be reached, or it was too late after
 * downtime). Same idempotency key as a sent one would have, so a slot is either sent or missed, once.
 */
export function insertMissedOccurrence(
  db: DbOrTx,
  input: {
    clientId: number;
    scheduleId: number;
    idempotencyKey: string;
    checkinId: string;
    scheduledFor: Date;
    sessionId?: number;
  },
  now: Date,
): boolean {
  const inserted = db
    .insert(occurrences)
    .values({ ...input, checkinVersion: 0, itemIds: [], status: "missed", createdAt: now, closedAt: now })
    .onConflictDoNothing({ target: occurrences.idempotencyKey })
    .returning({ id: occurrences.id })
    .all();
  return inserted.length === 1;
}

/** Inserts the occurrence unless its idempotency key exists already (then returns undefined). */
export function insertOccurrence(
  db: DbOrTx,
  input: {
    clientId: number;
    scheduleId?: number;
    sessionId?: number;
    idempotencyKey: string;
    checkinId: string;
    checkinVersion: number;
    itemIds: string[];
    scheduledFor: Date;
  },
  now: Date,
): OccurrenceRow | undefined {
  return prepared(db, "occurrence.insert", (d) =>
    d
      .insert(occurrences)
      .values({
        clientId: sql.placeholder("clientId"),
        scheduleId: sql.placeholder("scheduleId"),
        sessionId: sql.placeholder("sessionId"),
        idempotencyKey: sql.placeholder("idempotencyKey"),
        checkinId: sql.placeholder("checkinId"),
        checkinVersion: sql.placeholder("checkinVersion"),
        itemIds: sql.placeholder("itemIds"),
        scheduledFor: sql.placeholder("scheduledFor"),
        createdAt: sql.placeholder("createdAt"),
      })
      .onConflictDoNothing({ target: occurrences.idempotencyKey })
      .returning()
      .prepare(),
  ).get({ scheduleId: null, sessionId: null, ...input, createdAt: now });
}

export function updateOccurrence(
  db: DbOrTx,
  id: number,
  changes: Partial<Pick<OccurrenceRow, "position" | "reasked" | "firstAnswerAt" | "firstOutboxId" | "remindedAt">>,
): void {
  db.update(occurrences).set(changes).where(eq(occurrences.id, id)).run();
}

/** Remembers which outbox row carried the first question: its send time is the check-in's "sent". */
export function setFirstOutbox(db: DbOrTx, id: number, outboxId: number): void {
  prepared(db, "occurrence.firstOutbox", (d) =>
    d
      .update(occurrences)
      .set({ firstOutboxId: sql`${sql.placeholder("outboxId")}` })
      .where(eq(occurrences.id, sql.placeholder("id")))
      .prepare(),
  ).run({ id, outboxId });
}

export function closeOccurrence(db: DbOrTx, id: number, status: Exclude<OccurrenceStatus, "open">, now: Date): void {
  db.update(occurrences)
    .set({ status, closedAt: now })
    .where(and(eq(occurrences.id, id), eq(occurrences.status, "open")))
    .run();
}

export function insertAnswer(
  db: DbOrTx,
  input: {
    occurrenceId: number;
    itemId: string;
    itemVersion: number;
    value?: number;
    text?: string;
    skipped?: boolean;
  },
  now: Date,
): void {
  // Every answer goes through here: prepared once per connection (B1).
  prepared(db, "answer.insert", (d) =>
    d
      .insert(answers)
      .values({
        occurrenceId: sql.placeholder("occurrenceId"),
        itemId: sql.placeholder("itemId"),
        itemVersion: sql.placeholder("itemVersion"),
        value: sql`${sql.placeholder("value")}`,
        text: sql`${sql.placeholder("text")}`,
        skipped: sql.placeholder("skipped"),
        answeredAt: sql.placeholder("answeredAt"),
      })
      .prepare(),
  ).run({
    occurrenceId: input.occurrenceId,
    itemId: input.itemId,
    itemVersion: input.itemVersion,
    value: input.value ?? null,
    text: input.text ?? null,
    skipped: input.skipped ?? false,
    answeredAt: now,
  });
}

/** Moves a check-in to its next question after an answer (the first answer also dates it). */
export function advanceOccurrence(db: DbOrTx, id: number, position: number, firstAnswerAt: Date): void {
  prepared(db, "occurrence.advance", (d) =>
    d
      .update(occurrences)
      .set({
        position: sql`${sql.placeholder("position")}`,
        reasked: false,
        firstAnswerAt: sql`coalesce(${occurrences.firstAnswerAt}, ${sql.placeholder("firstAnswerAt")})`,
      })
      .where(eq(occurrences.id, sql.placeholder("id")))
      .prepare(),
  ).run({ id, position, firstAnswerAt: firstAnswerAt.getTime() });
}

export function answersFor(db: DbOrTx, occurrenceId: number): AnswerRow[] {
  return db.select().from(answers).where(eq(answers.occurrenceId, occurrenceId)).orderBy(answers.id).all();
}

export function recordConsent(
  db: DbOrTx,
  input: { clientId: number; version: string; decision: "accepted" | "declined"; locale: string },
  now: Date,
): void {
  db.insert(consents)
    .values({ ...input, decidedAt: now })
    .run();
}
