/**
 * Schedules and the per-client cursor that says when the next slot is due.
 */
import { and, asc, desc, eq, inArray, isNull, lte, notExists, sql } from "drizzle-orm";
import type { DbOrTx } from "../connection.js";
import { prepared } from "../prepared.js";
import { clients, scheduleCursors, schedules } from "../schema.js";

export type ScheduleRow = typeof schedules.$inferSelect;

/**
 * The `cron` of a schedule timed to sessions ("after each session +24h", schedule/session-rules.ts):
 * its slots come from the client's sessions, not from a cron expression.
 */
export const sessionTimedCron = "@session";
export type CursorRow = typeof scheduleCursors.$inferSelect;

/**
 * A schedule as it is stored, already checked and compiled by schedule/spec.ts (whose ScheduleInput
 * is one of these): this layer keeps rows and does not know what a spec means.
 */
export interface ScheduleValues {
  spec: string;
  cron: string;
  intervalDays?: number | null;
  quietStart?: string | null;
  quietEnd?: string | null;
  jitterMinutes: number;
  activeFrom?: string | null;
  activeUntil?: string | null;
}

/** Whose schedule: a practice's default, a therapist's, or one client's override. */
export type ScheduleScope =
  | { practiceId: number; therapistId?: undefined; clientId?: undefined }
  | { practiceId: number; therapistId: number; clientId?: undefined }
  | { practiceId: number; therapistId?: undefined; clientId: number };

function scopeCondition(scope: ScheduleScope) {
  return and(
    eq(schedules.practiceId, scope.practiceId),
    scope.therapistId === undefined ? isNull(schedules.therapistId) : eq(schedules.therapistId, scope.therapistId),
    scope.clientId === undefined ? isNull(schedules.clientId) : eq(schedules.clientId, scope.clientId),
    eq(schedules.active, true),
  );
}

/**
 * Sets the scope's schedule, editing the existing row in place (its id, and so its slots' idempotency
 * keys, stay the same) and dropping the cursors of every client it may apply to.
 */
export function setSchedule(
  db: DbOrTx,
  scope: ScheduleScope,
  input: ScheduleValues,
  now: Date,
  anchorDate: string,
): ScheduleRow {
  const values = {
    spec: input.spec,
    cron: input.cron,
    intervalDays: input.intervalDays ?? null,
    anchorDate: input.intervalDays ? anchorDate : null,
    quietStart: input.quietStart ?? null,
    quietEnd: input.quietEnd ?? null,
    jitterMinutes: input.jitterMinutes,
    activeFrom: input.activeFrom ?? null,
    activeUntil: input.activeUntil ?? null,
    updatedAt: now,
  };
  const existing = db.select().from(schedules).where(scopeCondition(scope)).get();
  const row = existing
    ? db.update(schedules).set(values).where(eq(schedules.id, existing.id)).returning().get()
    : db
        .insert(schedules)
        .values({
          practiceId: scope.practiceId,
          therapistId: scope.therapistId ?? null,
          clientId: scope.clientId ?? null,
          ...values,
          createdAt: now,
        })
        .returning()
        .get();
  invalidateCursorsInScope(db, scope);
  return row;
}

/** Switches the scope's schedule off (a client then falls back to the therapist's or practice's). */
export function clearSchedule(db: DbOrTx, scope: ScheduleScope): boolean {
  const cleared = db.update(schedules).set({ active: false }).where(scopeCondition(scope)).returning().all();
  invalidateCursorsInScope(db, scope);
  return cleared.length > 0;
}

/**
 * Marks the cursors of every client a scope covers as due now with no slot: the next tick finds them
 * through the due index (no scan of all clients) and places a fresh slot strictly after now.
 */
export function invalidateCursorsInScope(db: DbOrTx, scope: ScheduleScope): void {
  if (scope.clientId !== undefined) return invalidateCursor(db, scope.clientId);
  const inScope = db
    .select({ id: clients.id })
    .from(clients)
    .where(
      scope.therapistId === undefined
        ? eq(clients.practiceId, scope.practiceId)
        : eq(clients.therapistId, scope.therapistId),
    );
  db.update(scheduleCursors)
    .set({ slot: null, dueAt: new Date(0) })
    .where(inArray(scheduleCursors.clientId, inScope))
    .run();
}

/** The client's next slot must be worked out again (status, zone or schedule changed). */
export function invalidateCursor(db: DbOrTx, clientId: number): void {
  saveCursor(db, { clientId, scheduleId: null, slot: null, timezone: "", jitterMinutes: 0, dueAt: new Date(0) });
}

export function dropCursor(db: DbOrTx, clientId: number): void {
  db.delete(scheduleCursors).where(eq(scheduleCursors.clientId, clientId)).run();
}

/** The schedule that applies to a client: their own, else their therapist's, else the practice's. */
export function scheduleFor(
  db: DbOrTx,
  client: { id: number; therapistId: number; practiceId: number },
): ScheduleRow | undefined {
  return prepared(db, "schedule.for", (d) =>
    d
      .select()
      .from(schedules)
      .where(
        and(
          eq(schedules.practiceId, sql.placeholder("practiceId")),
          eq(schedules.active, true),
          sql`(${schedules.clientId} = ${sql.placeholder("clientId")}
            OR (${schedules.clientId} IS NULL AND ${schedules.therapistId} = ${sql.placeholder("therapistId")})
            OR (${schedules.clientId} IS NULL AND ${schedules.therapistId} IS NULL))`,
        ),
      )
      // Most specific first: a client override, then the therapist's, then the practice default.
      .orderBy(desc(sql`${schedules.clientId} IS NOT NULL`), desc(sql`${schedules.therapistId} IS NOT NULL`))
      .prepare(),
  ).get({ practiceId: client.practiceId, clientId: client.id, therapistId: client.therapistId });
}

export function getCursor(db: DbOrTx, clientId: number): CursorRow | undefined {
  return db.select().from(scheduleCursors).where(eq(scheduleCursors.clientId, clientId)).get();
}

export function saveCursor(db: DbOrTx, cursor: CursorRow): void {
  prepared(db, "cursor.save", (d) =>
    d
      .insert(scheduleCursors)
      .values({
        clientId: sql.placeholder("clientId"),
        scheduleId: sql.placeholder("scheduleId"),
        slot: sql.placeholder("slot"),
        timezone: sql.placeholder("timezone"),
        jitterMinutes: sql.placeholder("jitterMinutes"),
        // Raw placeholder: the timestamp encoder cannot take the null of a "nothing scheduled" cursor.
        dueAt: sql`${sql.placeholder("dueAt")}`,
      })
      .onConflictDoUpdate({
        target: scheduleCursors.clientId,
        set: {
          scheduleId: sql`excluded.schedule_id`,
          slot: sql`excluded.slot`,
          timezone: sql`excluded.timezone`,
          jitterMinutes: sql`excluded.jitter_minutes`,
          dueAt: sql`excluded.due_at`,
        },
      })
      .prepare(),
  ).run({ ...cursor, dueAt: cursor.dueAt?.getTime() ?? null });
}

export function dueCursors(db: DbOrTx, now: Date, limit: number): CursorRow[] {
  return db
    .select()
    .from(scheduleCursors)
    .where(lte(scheduleCursors.dueAt, now))
    .orderBy(asc(scheduleCursors.dueAt))
    .limit(limit)
    .all();
}

/**
 * Active clients that have no cursor at all. Every path that activates a client places one, so this
 * scan of all clients is only a safety net, run at start-up and now and then.
 */
export function clientsWithoutCursor(db: DbOrTx, limit: number) {
  return db
    .select()
    .from(clients)
    .where(
      and(
        eq(clients.status, "active"),
        notExists(db.select({ one: sql`1` }).from(scheduleCursors).where(eq(scheduleCursors.clientId, clients.id))),
      ),
    )
    .orderBy(asc(clients.id))
    .limit(limit)
    .all();
}

/** The schedule set exactly at `scope` (not inherited), if any and active. */
export function scheduleAtScope(db: DbOrTx, scope: ScheduleScope): ScheduleRow | undefined {
  return db
    .select()
    .from(schedules)
    .where(and(scopeCondition(scope), eq(schedules.active, true)))
    .get();
}

/**
 * After a change to a client's sessions: if the schedule that applies to them is timed to sessions,
 * its cursor is invalidated so the next tick places it from the sessions as they are now. A schedule
 * of cron slots is left alone (invalidating it would drop a slot due this very minute).
 */
export function sessionsChanged(db: DbOrTx, client: { id: number; therapistId: number; practiceId: number }): void {
  if (scheduleFor(db, client)?.cron === sessionTimedCron) invalidateCursor(db, client.id);
}
