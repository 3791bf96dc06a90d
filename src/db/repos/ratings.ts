/**
 * Therapists' own ratings of held sessions, as rows. When to ask and how the questions look is
 * src/ratings/; answering them is src/engine/rating-answer.ts; this file only stores and finds.
 */
import { and, asc, eq, exists, gte, inArray, isNull, lt, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "../connection.js";
import { prepared } from "../prepared.js";
import { clients, identities, type RatingDimension, sessions, therapistRatings, therapists } from "../schema.js";

export type RatingRow = typeof therapistRatings.$inferSelect;

/** A held session nobody has been asked to rate yet, whose therapist can be asked now. */
export interface SessionToRate {
  sessionId: number;
  startsAt: Date;
  endsAt: Date;
  timezone: string;
  clientId: number;
  alias: string;
  therapistId: number;
}

/** The longest session a practice can plan (src/practice/settings.ts): bounds the start-time range. */
const longestSessionMs = 8 * 60 * 60_000;

/**
 * One practice's held sessions that ended in [from, to] and have no rating row, oldest first, whose
 * client still takes part (not stopped) and whose therapist is active with a chat that accepts
 * messages. Everything that decides "not now" is in the query, so the sessions it leaves out cost the
 * minute tick an index range and nothing per row. The start-time bound lets the (status, start) index
 * do the work; the end is checked exactly. Prepared once: it runs every minute.
 */
export function heldSessionsToRate(db: DbOrTx, practiceId: number, from: Date, to: Date): SessionToRate[] {
  const endsAt = sql<number>`${sessions.startsAt} + ${sessions.durationMinutes} * 60000`;
  const rows = prepared(db, "ratings.heldToRate", (d) =>
    d
      .select({
        sessionId: sessions.id,
        startsAt: sessions.startsAt,
        endsAtMs: endsAt,
        timezone: sessions.timezone,
        clientId: clients.id,
        alias: clients.alias,
        therapistId: clients.therapistId,
      })
      .from(sessions)
      .innerJoin(clients, eq(clients.id, sessions.clientId))
      .innerJoin(therapists, eq(therapists.id, clients.therapistId))
      .leftJoin(therapistRatings, eq(therapistRatings.sessionId, sessions.id))
      .where(
        and(
          eq(sessions.status, "held"),
          sql`${sessions.startsAt} >= ${sql.placeholder("earliestStart")}`,
          sql`${sessions.startsAt} <= ${sql.placeholder("to")}`,
          sql`${endsAt} between ${sql.placeholder("from")} and ${sql.placeholder("to")}`,
          eq(clients.practiceId, sql.placeholder("practiceId")),
          ne(clients.status, "stopped"),
          eq(therapists.active, true),
          isNull(therapistRatings.id),
          exists(
            d
              .select({ one: sql`1` })
              .from(identities)
              .where(and(eq(identities.therapistId, clients.therapistId), eq(identities.undeliverable, false))),
          ),
        ),
      )
      .orderBy(asc(endsAt))
      .prepare(),
  ).all({
    practiceId,
    earliestStart: from.getTime() - longestSessionMs,
    from: from.getTime(),
    to: to.getTime(),
  });
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
