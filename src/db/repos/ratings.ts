/**
 * Therapists' own ratings of held sessions, as rows. When to ask and how the questions look is
 * src/ratings/; answering them is src/engine/rating-answer.ts; this file only stores and finds.
 */
import { and, asc, eq, gte, inArray, isNull, lt, lte, sql } from "drizzle-orm";
import type { DbOrTx } from "../connection.js";
import { clients, type RatingDimension, sessions, therapistRatings } from "../schema.js";

export type RatingRow = typeof therapistRatings.$inferSelect;

/** A held session nobody has been asked to rate yet, with what decides whether and whom to ask. */
export interface SessionToRate {
  sessionId: number;
  startsAt: Date;
  endsAt: Date;
  timezone: string;
  clientId: number;
  alias: string;
  clientStatus: string;
  therapistId: number;
  practiceId: number;
}

/** The longest session a practice can plan (src/practice/settings.ts): bounds the start-time range. */
const longestSessionMs = 8 * 60 * 60_000;

/**
 * Held sessions that ended in [from, to] and have no rating row, oldest first. The start-time bound
 * lets the (status, start) index do the work; the end is checked exactly.
 */
export function heldSessionsWithoutRating(db: DbOrTx, from: Date, to: Date): SessionToRate[] {
  const endsAt = sql<number>`${sessions.startsAt} + ${sessions.durationMinutes} * 60000`;
  const rows = db
    .select({
      sessionId: sessions.id,
      startsAt: sessions.startsAt,
      endsAtMs: endsAt,
      timezone: sessions.timezone,
      clientId: clients.id,
      alias: clients.alias,
      clientStatus: clients.status,
      therapistId: clients.therapistId,
      practiceId: clients.practiceId,
    })
    .from(sessions)
    .innerJoin(clients, eq(clients.id, sessions.clientId))
    .leftJoin(therapistRatings, eq(therapistRatings.sessionId, sessions.id))
    .where(
      and(
        eq(sessions.status, "held"),
        gte(sessions.startsAt, new Date(from.getTime() - longestSessionMs)),
        lte(sessions.startsAt, to),
        sql`${endsAt} between ${from.getTime()} and ${to.getTime()}`,
        isNull(therapistRatings.id),
      ),
    )
    .orderBy(asc(endsAt))
    .all();
  return rows.map(({ endsAtMs, ...row }) => ({ ...row, endsAt: new Date(endsAtMs) }));
}

export function insertRating(
  db: DbOrTx,
  values: { sessionId: number; clientId: number; therapistId: number },
  now: Date,
): RatingRow {
  return db
    .insert(therapistRatings)
    .values({ ...values, createdAt: now })
    .returning()
    .get();
}

export function getRating(db: DbOrTx, id: number): RatingRow | undefined {
  return db.select().from(therapistRatings).where(eq(therapistRatings.id, id)).get();
}

/**
 * Records one answer (null: skipped) and moves on to the next question, or closes the rating after
 * the last. Only while the rating is open and waiting for exactly this question, so a second press on
 * the same buttons (their message not yet edited away) changes nothing.
 */
export function recordRatingAnswer(
  db: DbOrTx,
  rating: Pick<RatingRow, "id" | "next">,
  dimension: RatingDimension,
  value: number | null,
  last: boolean,
  now: Date,
): RatingRow | undefined {
  return db
    .update(therapistRatings)
    .set({
      [dimension]: value,
      next: rating.next + 1,
      ...(last ? { status: "completed" as const, closedAt: now } : {}),
    })
    .where(
      and(
        eq(therapistRatings.id, rating.id),
        eq(therapistRatings.status, "open"),
        eq(therapistRatings.next, rating.next),
      ),
    )
    .returning()
    .get();
}

export function expireRating(db: DbOrTx, id: number, now: Date): void {
  db.update(therapistRatings)
    .set({ status: "expired", closedAt: now })
    .where(and(eq(therapistRatings.id, id), eq(therapistRatings.status, "open")))
    .run();
}

/** Open ratings asked before `before` close as expired; what was answered so far is kept. */
export function expireOpenRatings(db: DbOrTx, before: Date, now: Date): number {
  return db
    .update(therapistRatings)
    .set({ status: "expired", closedAt: now })
    .where(and(eq(therapistRatings.status, "open"), lt(therapistRatings.createdAt, before)))
    .run().changes;
}

/** A rating with at least one answer, of a session still marked held: what a summary shows. */
export interface SessionRating {
  clientId: number;
  sessionId: number;
  sessionStartsAt: Date;
  values: Partial<Record<RatingDimension, number>>;
}

/**
 * The ratings of these clients' held sessions that started in [from, to). A session marked a no-show
 * after it was rated drops out: there was no session to have a view of.
 */
export function ratingsOfClients(db: DbOrTx, clientIds: readonly number[], from: Date, to: Date): SessionRating[] {
  if (clientIds.length === 0) return [];
  const rows = db
    .select({
      clientId: therapistRatings.clientId,
      sessionId: therapistRatings.sessionId,
      sessionStartsAt: sessions.startsAt,
      safety: therapistRatings.safety,
      bond: therapistRatings.bond,
      work: therapistRatings.work,
    })
    .from(therapistRatings)
    .innerJoin(sessions, eq(sessions.id, therapistRatings.sessionId))
    .where(
      and(
        inArray(therapistRatings.clientId, [...clientIds]),
        eq(sessions.status, "held"),
        gte(sessions.startsAt, from),
        lt(sessions.startsAt, to),
      ),
    )
    .orderBy(asc(sessions.startsAt))
    .all();
  return rows.flatMap(({ safety, bond, work, ...row }) => {
    const values: SessionRating["values"] = {};
    if (safety !== null) values.safety = safety;
    if (bond !== null) values.bond = bond;
    if (work !== null) values.work = work;
    return Object.keys(values).length === 0 ? [] : [{ ...row, values }];
  });
}
