/**
 * Sessions and recurring appointments, as rows. What a session spec means, how a series expands and
 * how a calendar maps onto clients is src/sessions/; this file only stores and finds.
 */
import { and, asc, desc, eq, gt, inArray, lte, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../connection.js";
import { prepared } from "../prepared.js";
import { type SessionSource, type SessionStatus, sessionSeries, sessions } from "../schema.js";
import { getClient } from "./people.js";
import { sessionsChanged } from "./schedules.js";

export type SessionRow = typeof sessions.$inferSelect;
export type SeriesRow = typeof sessionSeries.$inferSelect;

export interface NewSession {
  clientId: number;
  seriesId?: number | null;
  startsAt: Date;
  durationMinutes: number;
  localDate: string;
  localTime: string;
  timezone: string;
  source: SessionSource;
  status?: SessionStatus;
  calendarUid?: string | null;
  calendarRecurrenceId?: string | null;
}

/** Tells the schedule layer the client's sessions changed (a schedule timed to them is re-placed). */
function touched(db: DbOrTx, clientId: number): void {
  const client = getClient(db, clientId);
  if (client) sessionsChanged(db, client);
}

export function insertSession(db: DbOrTx, values: NewSession, now: Date): SessionRow {
  const row = db
    .insert(sessions)
    .values({ ...values, createdAt: now, updatedAt: now })
    .returning()
    .get();
  touched(db, row.clientId);
  return row;
}

/** Inserts a series' session unless that series already has one on that date; the row, or undefined. */
export function insertSeriesSession(db: DbOrTx, values: NewSession & { seriesId: number }, now: Date) {
  const row = db
    .insert(sessions)
    .values({ ...values, createdAt: now, updatedAt: now })
    .onConflictDoNothing({ target: [sessions.seriesId, sessions.localDate] })
    .returning()
    .get();
  if (row) touched(db, row.clientId);
  return row;
}

export function updateSession(db: DbOrTx, id: number, changes: Partial<NewSession>, now: Date): SessionRow | undefined {
  const before = getSession(db, id);
  const row = db
    .update(sessions)
    .set({ ...changes, updatedAt: now })
    .where(eq(sessions.id, id))
    .returning()
    .get();
  if (before) touched(db, before.clientId);
  if (row && before && row.clientId !== before.clientId) touched(db, row.clientId);
  return row;
}

export function getSession(db: DbOrTx, id: number): SessionRow | undefined {
  return prepared(db, "session.get", (d) =>
    d
      .select()
      .from(sessions)
      .where(eq(sessions.id, sql.placeholder("id")))
      .prepare(),
  ).get({ id });
}

/** A client's sessions on a local date, earliest first, whatever their status. */
export function sessionsOn(db: DbOrTx, clientId: number, localDate: string): SessionRow[] {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.clientId, clientId), eq(sessions.localDate, localDate)))
    .orderBy(asc(sessions.startsAt))
    .all();
}

/** A client's sessions starting in [from, to), earliest first. Prepared: the tick asks it per due slot. */
export function sessionsBetween(db: DbOrTx, clientId: number, from: Date, to: Date): SessionRow[] {
  return prepared(db, "session.between", (d) =>
    d
      .select()
      .from(sessions)
      .where(
        and(
          eq(sessions.clientId, sql.placeholder("clientId")),
          sql`${sessions.startsAt} >= ${sql.placeholder("from")}`,
          sql`${sessions.startsAt} < ${sql.placeholder("to")}`,
        ),
      )
      .orderBy(asc(sessions.startsAt))
      .prepare(),
  ).all({ clientId, from: from.getTime(), to: to.getTime() });
}

/** The client's next planned session starting after `now`, if any. */
export function nextPlannedSession(db: DbOrTx, clientId: number, now: Date): SessionRow | undefined {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.clientId, clientId), eq(sessions.status, "planned"), gt(sessions.startsAt, now)))
    .orderBy(asc(sessions.startsAt))
    .limit(1)
    .get();
}

/** The client's most recent held session that started at or before `now`, if any. */
export function lastHeldSession(db: DbOrTx, clientId: number, now: Date): SessionRow | undefined {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.clientId, clientId), eq(sessions.status, "held"), lte(sessions.startsAt, now)))
    .orderBy(desc(sessions.startsAt))
    .limit(1)
    .get();
}

/**
 * The session a check-in sent at `now` looks back on: the latest one that took place (held, or planned
 * and already over: the tick marks it held a moment later) and ended within `withinMs`. None when the
 * client has no such session, so a check-in between sessions far apart is about the therapy in general.
 */
export function latestEndedSession(db: DbOrTx, clientId: number, now: Date, withinMs: number): SessionRow | undefined {
  // Prepared once: every check-in the tick starts asks this (B2e in docs/BENCHMARKS.md).
  const ends = sql`${sessions.startsAt} + ${sessions.durationMinutes} * 60000`;
  return prepared(db, "session.latestEnded", (d) =>
    d
      .select()
      .from(sessions)
      .where(
        and(
          eq(sessions.clientId, sql.placeholder("clientId")),
          inArray(sessions.status, ["held", "planned"]),
          sql`${ends} <= ${sql.placeholder("now")}`,
          sql`${ends} > ${sql.placeholder("since")}`,
        ),
      )
      // No `.limit(1)`: drizzle binds it as `LIMIT ?`, which made this empty look-up ~25× slower in
      // SQLite (18 µs against 0.7, measured); `.get()` steps to the first row and stops anyway.
      .orderBy(desc(sessions.startsAt))
      .prepare(),
  ).get({ clientId, now: now.getTime(), since: now.getTime() - withinMs });
}

export function sessionByCalendarEvent(db: DbOrTx, uid: string, recurrenceId: string): SessionRow | undefined {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.calendarUid, uid), eq(sessions.calendarRecurrenceId, recurrenceId)))
    .get();
}

/** Every session imported from these calendar events (by UID), whatever their recurrence id. */
export function sessionsOfCalendarEvents(db: DbOrTx, uids: readonly string[]): SessionRow[] {
  if (uids.length === 0) return [];
  return db.select().from(sessions).where(inArray(sessions.calendarUid, uids)).all();
}

/** Planned sessions imported from a calendar for these clients, starting in [from, to). */
export function plannedCalendarSessions(db: DbOrTx, clientIds: readonly number[], from: Date, to: Date): SessionRow[] {
  if (clientIds.length === 0) return [];
  return db
    .select()
    .from(sessions)
    .where(
      and(
        inArray(sessions.clientId, [...clientIds]),
        eq(sessions.source, "calendar"),
        eq(sessions.status, "planned"),
        sql`${sessions.startsAt} >= ${from.getTime()}`,
        sql`${sessions.startsAt} < ${to.getTime()}`,
      ),
    )
    .all();
}

/**
 * Planned sessions that have ended by `now` become held: a session nobody marked is taken as having
 * taken place (the therapist can still mark it a no-show). Returns the sessions changed.
 */
export function markEndedSessionsHeld(db: DbOrTx, now: Date): SessionRow[] {
  return db
    .update(sessions)
    .set({ status: "held", updatedAt: now })
    .where(
      and(
        eq(sessions.status, "planned"),
        sql`${sessions.startsAt} + ${sessions.durationMinutes} * 60000 <= ${now.getTime()}`,
      ),
    )
    .returning()
    .all();
}

export interface NewSeries {
  clientId: number;
  weekday: number;
  localTime: string;
  durationMinutes: number;
  startsOn: string;
  source: SessionSource;
}

export function insertSeries(db: DbOrTx, values: NewSeries, now: Date): SeriesRow {
  return db
    .insert(sessionSeries)
    .values({ ...values, createdAt: now, updatedAt: now })
    .returning()
    .get();
}

export function activeSeriesOf(db: DbOrTx, clientId: number): SeriesRow[] {
  return db
    .select()
    .from(sessionSeries)
    .where(and(eq(sessionSeries.clientId, clientId), eq(sessionSeries.active, true)))
    .orderBy(asc(sessionSeries.id))
    .all();
}

/** Active series not yet expanded up to `localDate` (compared as ISO dates, so as text). */
export function seriesToExpand(db: DbOrTx, localDate: string): SeriesRow[] {
  return db
    .select()
    .from(sessionSeries)
    .where(
      and(
        eq(sessionSeries.active, true),
        or(sql`${sessionSeries.expandedUntil} IS NULL`, sql`${sessionSeries.expandedUntil} < ${localDate}`),
      ),
    )
    .orderBy(asc(sessionSeries.id))
    .all();
}

export function updateSeries(
  db: DbOrTx,
  id: number,
  changes: { expandedUntil?: string; active?: boolean },
  now: Date,
): void {
  db.update(sessionSeries)
    .set({ ...changes, updatedAt: now })
    .where(eq(sessionSeries.id, id))
    .run();
}

/** A series' planned sessions starting after `now`. */
export function plannedSessionsOfSeries(db: DbOrTx, seriesId: number, now: Date): SessionRow[] {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.seriesId, seriesId), eq(sessions.status, "planned"), gt(sessions.startsAt, now)))
    .all();
}
