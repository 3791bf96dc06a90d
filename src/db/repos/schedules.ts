/**
 * Schedules and the per-client cursor that says when the next slot is due.
 */
import { and, asc, desc, eq, inArray, isNull, lte, notExists, sql } from "drizzle-orm";
import type { ScheduleInput } from "../../schedule/spec.js";
import type { DbOrTx } from "../connection.js";
import { clients, scheduleCursors, schedules } from "../schema.js";

export type ScheduleRow = typeof schedules.$inferSelect;
export type CursorRow = typeof scheduleCursors.$inferSelect;

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
  input: ScheduleInput,
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
  dropCursorsInScope(db, scope);
  return row;
}

/** Switches the scope's schedule off (a client then falls back to the therapist's or practice's). */
export function clearSchedule(db: DbOrTx, scope: ScheduleScope): boolean {
  const cleared = db.update(schedules).set({ active: false }).where(scopeCondition(scope)).returning().all();
  dropCursorsInScope(db, scope);
  return cleared.length > 0;
}

export function dropCursorsInScope(db: DbOrTx, scope: ScheduleScope): void {
  if (scope.clientId !== undefined) return dropCursor(db, scope.clientId);
  const inScope = db
    .select({ id: clients.id })
    .from(clients)
    .where(
      scope.therapistId === undefined
        ? eq(clients.practiceId, scope.practiceId)
        : eq(clients.therapistId, scope.therapistId),
    );
  db.delete(scheduleCursors).where(inArray(scheduleCursors.clientId, inScope)).run();
}

export function dropCursor(db: DbOrTx, clientId: number): void {
  db.delete(scheduleCursors).where(eq(scheduleCursors.clientId, clientId)).run();
}

/** The schedule that applies to a client: their own, else their therapist's, else the practice's. */
export function scheduleFor(
  db: DbOrTx,
  client: { id: number; therapistId: number; practiceId: number },
): ScheduleRow | undefined {
  return (
    db
      .select()
      .from(schedules)
      .where(
        and(
          eq(schedules.practiceId, client.practiceId),
          eq(schedules.active, true),
          sql`(${schedules.clientId} = ${client.id}
          OR (${schedules.clientId} IS NULL AND ${schedules.therapistId} = ${client.therapistId})
          OR (${schedules.clientId} IS NULL AND ${schedules.therapistId} IS NULL))`,
        ),
      )
      // Most specific first: a client override, then the therapist's, then the practice default.
      .orderBy(desc(sql`${schedules.clientId} IS NOT NULL`), desc(sql`${schedules.therapistId} IS NOT NULL`))
      .get()
  );
}

export function getCursor(db: DbOrTx, clientId: number): CursorRow | undefined {
  return db.select().from(scheduleCursors).where(eq(scheduleCursors.clientId, clientId)).get();
}

export function saveCursor(db: DbOrTx, cursor: CursorRow): void {
  db.insert(scheduleCursors).values(cursor).onConflictDoUpdate({ target: scheduleCursors.clientId, set: cursor }).run();
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

/** Active clients that have no cursor yet (new, resumed, or whose schedule or zone just changed). */
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
