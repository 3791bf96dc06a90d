/**
 * Practices, therapists and clients. Everyone is stored under an alias: the practice chooses it and
 * it must not be a real name (the CLI says so; the database cannot tell).
 */
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Locale } from "../../i18n/locales.js";
import type { DbOrTx } from "../connection.js";
import { prepared } from "../prepared.js";
import { alerts, type ClientStatus, clients, practices, therapists } from "../schema.js";
import { invalidateCursor } from "./schedules.js";

export type PracticeRow = typeof practices.$inferSelect;
export type TherapistRow = typeof therapists.$inferSelect;
export type ClientRow = typeof clients.$inferSelect;

export function createPractice(
  db: DbOrTx,
  // Settings are stored as given (the caller parses them with practice/settings.ts, which fills in
  // defaults): this layer stores rows and knows nothing of what a setting means.
  input: { name: string; timezone: string; locale: Locale; settings?: object; isDemo?: boolean },
  now: Date,
): PracticeRow {
  return db
    .insert(practices)
    .values({ ...input, settings: input.settings ?? {}, isDemo: input.isDemo ?? false, createdAt: now })
    .returning()
    .get();
}

export function getPractice(db: DbOrTx, id: number): PracticeRow | undefined {
  return prepared(db, "practice.get", (d) =>
    d
      .select()
      .from(practices)
      .where(eq(practices.id, sql.placeholder("id")))
      .prepare(),
  ).get({ id });
}

export function listPractices(db: DbOrTx): PracticeRow[] {
  return db.select().from(practices).orderBy(asc(practices.id)).all();
}

export function createTherapist(
  db: DbOrTx,
  input: { practiceId: number; alias: string; timezone?: string; locale?: Locale; backupRank?: number },
  now: Date,
): TherapistRow {
  return db
    .insert(therapists)
    .values({ ...input, createdAt: now })
    .returning()
    .get();
}

export function getTherapist(db: DbOrTx, id: number): TherapistRow | undefined {
  return db.select().from(therapists).where(eq(therapists.id, id)).get();
}

/** Makes a clinician a backup contact at `rank` (1 = first after the therapist), or not one (null). */
export function setBackupRank(db: DbOrTx, id: number, rank: number | null): void {
  db.update(therapists).set({ backupRank: rank }).where(eq(therapists.id, id)).run();
}

/** Makes a therapist a practice administrator in the web view (true), or no longer one (false). */
export function setTherapistAdmin(db: DbOrTx, id: number, admin: boolean): void {
  db.update(therapists).set({ admin }).where(eq(therapists.id, id)).run();
}

export function listTherapists(db: DbOrTx, practiceId?: number): TherapistRow[] {
  const query = db.select().from(therapists);
  return (practiceId === undefined ? query : query.where(eq(therapists.practiceId, practiceId)))
    .orderBy(asc(therapists.id))
    .all();
}

export function createClient(
  db: DbOrTx,
  input: {
    practiceId: number;
    therapistId: number;
    alias: string;
    locale: Locale;
    timezone?: string;
    region?: string;
    checkinId: string;
  },
  now: Date,
): ClientRow {
  return db
    .insert(clients)
    .values({ ...input, createdAt: now })
    .returning()
    .get();
}

export function getClient(db: DbOrTx, id: number): ClientRow | undefined {
  return prepared(db, "client.get", (d) =>
    d
      .select()
      .from(clients)
      .where(eq(clients.id, sql.placeholder("id")))
      .prepare(),
  ).get({ id });
}

export function listClients(db: DbOrTx, filter: { practiceId?: number; therapistId?: number } = {}): ClientRow[] {
  const conditions = [
    filter.practiceId === undefined ? undefined : eq(clients.practiceId, filter.practiceId),
    filter.therapistId === undefined ? undefined : eq(clients.therapistId, filter.therapistId),
  ];
  return db
    .select()
    .from(clients)
    .where(and(...conditions))
    .orderBy(asc(clients.id))
    .all();
}

/** Changes a client's status; the next tick works out their next slot (or drops it) from now. */
export function setClientStatus(db: DbOrTx, id: number, status: ClientStatus): void {
  db.update(clients).set({ status }).where(eq(clients.id, id)).run();
  invalidateCursor(db, id);
}

/** Changes a client's time zone (null: the practice's); their next slot is recomputed in the new zone. */
export function setClientTimezone(db: DbOrTx, id: number, timezone: string | null): void {
  db.update(clients).set({ timezone }).where(eq(clients.id, id)).run();
  invalidateCursor(db, id);
}

export function setClientLocale(db: DbOrTx, id: number, locale: Locale): void {
  db.update(clients).set({ locale }).where(eq(clients.id, id)).run();
}

/**
 * Gives a client to another therapist of the same practice. Their open alerts go with them, so the
 * new therapist is the one an unacknowledged risk alert reaches and escalates from. Call it through
 * handOverClient (src/admin/hand-over.ts), which also ends the former therapist's access and tells
 * the new one about the open alerts.
 */
export function moveClient(db: DbOrTx, id: number, therapistId: number): void {
  db.update(clients).set({ therapistId }).where(eq(clients.id, id)).run();
  db.update(alerts)
    .set({ therapistId })
    .where(and(eq(alerts.clientId, id), isNull(alerts.acknowledgedAt)))
    .run();
  // A therapist-level schedule may differ: the next slot is worked out again.
  invalidateCursor(db, id);
}

export function setClientCheckin(db: DbOrTx, id: number, checkinId: string): void {
  db.update(clients).set({ checkinId }).where(eq(clients.id, id)).run();
}

export function setClientRegion(db: DbOrTx, id: number, region: string | null): void {
  db.update(clients).set({ region }).where(eq(clients.id, id)).run();
}

/** A deactivated therapist gets no summaries and is off the backup ladder. */
export function deactivateTherapist(db: DbOrTx, id: number): void {
  db.update(therapists).set({ active: false, backupRank: null }).where(eq(therapists.id, id)).run();
}
