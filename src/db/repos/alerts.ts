/**
 * Alerts, their triggers and who was told about them. Who may see and acknowledge an alert is decided
 * in one place, src/safety/alert-access.ts, from the rows read here.
 */
import { and, asc, desc, eq, inArray, isNotNull, isNull, lte, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../connection.js";
import { type AlertKind, alertNotifications, alerts, alertTriggers, clients, therapists } from "../schema.js";

export type AlertRow = typeof alerts.$inferSelect;
export type AlertTriggerRow = typeof alertTriggers.$inferSelect;

export function getAlert(db: DbOrTx, id: number): AlertRow | undefined {
  return db.select().from(alerts).where(eq(alerts.id, id)).get();
}

/** The client's open (unacknowledged) alert of a kind, if any. */
export function openAlertFor(db: DbOrTx, clientId: number, kind: AlertKind): AlertRow | undefined {
  return db
    .select()
    .from(alerts)
    .where(and(eq(alerts.clientId, clientId), eq(alerts.kind, kind), isNull(alerts.acknowledgedAt)))
    .orderBy(asc(alerts.id))
    .get();
}

export function insertAlert(
  db: DbOrTx,
  input: {
    clientId: number;
    therapistId: number;
    kind: AlertKind;
    trigger: string;
    occurrenceId?: number;
    escalateAt?: Date;
    followUpDueAt?: Date;
  },
  now: Date,
): AlertRow {
  return db
    .insert(alerts)
    .values({ ...input, openedAt: now })
    .returning()
    .get();
}

export function updateAlert(db: DbOrTx, id: number, values: Partial<Omit<AlertRow, "id" | "clientId">>): void {
  db.update(alerts).set(values).where(eq(alerts.id, id)).run();
}

export function addTrigger(
  db: DbOrTx,
  input: { alertId: number; kind: string; occurrenceId?: number; rule?: string; text?: string },
  now: Date,
): AlertTriggerRow {
  return db
    .insert(alertTriggers)
    .values({ ...input, at: now })
    .returning()
    .get();
}

export function triggersOf(db: DbOrTx, alertId: number): AlertTriggerRow[] {
  return db.select().from(alertTriggers).where(eq(alertTriggers.alertId, alertId)).orderBy(asc(alertTriggers.id)).all();
}

export function recordNotification(
  db: DbOrTx,
  input: { alertId: number; therapistId: number; reason: string; level: number },
  now: Date,
): number {
  return db
    .insert(alertNotifications)
    .values({ ...input, at: now })
    .returning({ id: alertNotifications.id })
    .get().id;
}

/** Links a notification to the outbox row that carries it. */
export function setNotificationOutbox(db: DbOrTx, notificationId: number, outboxId: number): void {
  db.update(alertNotifications).set({ outboxId }).where(eq(alertNotifications.id, notificationId)).run();
}

/**
 * Notification reasons that decide access (src/safety/alert-access.ts): an escalation notice lets the
 * clinician see and acknowledge the alert; a later "role_ended" row (the client was handed over away
 * from them) takes that back. Every other reason ("opened", "repeated", "handed_over", …) only records
 * who was told.
 */
export const accessReasons = { granted: "escalated", ended: "role_ended" } as const;

/** Clinicians the alert has escalated to who still hold that access, in the order they first got it. */
export function escalatedClinicians(db: DbOrTx, alertId: number): number[] {
  const rows = db
    .select({ therapistId: alertNotifications.therapistId, reason: alertNotifications.reason })
    .from(alertNotifications)
    .where(
      and(
        eq(alertNotifications.alertId, alertId),
        inArray(alertNotifications.reason, [accessReasons.granted, accessReasons.ended]),
      ),
    )
    .orderBy(asc(alertNotifications.id))
    .all();
  const holding = new Set<number>();
  for (const row of rows) {
    if (row.reason === accessReasons.granted) holding.add(row.therapistId);
    else holding.delete(row.therapistId);
  }
  return [...holding];
}

/**
 * Alerts that may concern this clinician: their current clients' alerts and those escalated to them at
 * some point. A superset: the access rule (src/safety/alert-access.ts) decides which they may see.
 */
function nearClinician(db: DbOrTx, therapistId: number) {
  const ownClients = db.select({ id: clients.id }).from(clients).where(eq(clients.therapistId, therapistId));
  const escalatedTo = db
    .select({ alertId: alertNotifications.alertId })
    .from(alertNotifications)
    .where(and(eq(alertNotifications.therapistId, therapistId), eq(alertNotifications.reason, accessReasons.granted)));
  return or(inArray(alerts.clientId, ownClients), inArray(alerts.id, escalatedTo));
}

/** Open alerts that may concern this clinician (see `nearClinician`), oldest first. */
export function openAlertsNearClinician(db: DbOrTx, therapistId: number): AlertRow[] {
  return db
    .select()
    .from(alerts)
    .where(and(isNull(alerts.acknowledgedAt), nearClinician(db, therapistId)))
    .orderBy(asc(alerts.id))
    .all();
}

/**
 * Acknowledged alerts that may concern this clinician (see `nearClinician`), newest first, at most
 * `limit`: the history of the web view's inbox.
 */
export function acknowledgedAlertsNearClinician(db: DbOrTx, therapistId: number, limit: number): AlertRow[] {
  return db
    .select()
    .from(alerts)
    .where(and(isNotNull(alerts.acknowledgedAt), nearClinician(db, therapistId)))
    .orderBy(desc(alerts.acknowledgedAt), desc(alerts.id))
    .limit(limit)
    .all();
}

/** Every alert, newest first, optionally only open ones (for the CLI). */
export function listAlerts(db: DbOrTx, filter: { openOnly?: boolean; clientId?: number } = {}): AlertRow[] {
  return db
    .select()
    .from(alerts)
    .where(
      and(
        filter.openOnly ? isNull(alerts.acknowledgedAt) : undefined,
        filter.clientId === undefined ? undefined : eq(alerts.clientId, filter.clientId),
      ),
    )
    .orderBy(sql`${alerts.id} desc`)
    .all();
}

/** Open risk alerts whose next escalation is due. */
export function alertsDueForEscalation(db: DbOrTx, now: Date, limit: number): AlertRow[] {
  return db
    .select()
    .from(alerts)
    .where(and(isNull(alerts.acknowledgedAt), isNotNull(alerts.escalateAt), lte(alerts.escalateAt, now)))
    .orderBy(asc(alerts.escalateAt))
    .limit(limit)
    .all();
}

/** Risk alerts whose follow-up to the client is due and not yet sent (acknowledged or not). */
export function alertsDueForFollowUp(db: DbOrTx, now: Date, limit: number): AlertRow[] {
  return db
    .select()
    .from(alerts)
    .where(and(isNull(alerts.followUpSentAt), isNotNull(alerts.followUpDueAt), lte(alerts.followUpDueAt, now)))
    .orderBy(asc(alerts.followUpDueAt))
    .limit(limit)
    .all();
}

/**
 * The alert waiting for the client's typed follow-up note: they answered the follow-up's buttons in
 * the last day and have not written the note yet.
 */
export function alertAwaitingFollowUpNote(db: DbOrTx, clientId: number, now: Date): AlertRow | undefined {
  const since = new Date(now.getTime() - 24 * 60 * 60_000);
  return db
    .select()
    .from(alerts)
    .where(
      and(
        eq(alerts.clientId, clientId),
        isNotNull(alerts.followUpAnsweredAt),
        isNull(alerts.followUpNote),
        sql`${alerts.followUpAnsweredAt} >= ${since.getTime()}`,
      ),
    )
    .orderBy(sql`${alerts.id} desc`)
    .get();
}

/** The practice's backup clinicians on one rung of the ladder (level 1 = rank 1, …). */
export function backupsAtRank(db: DbOrTx, practiceId: number, rank: number): number[] {
  return db
    .select({ id: therapists.id })
    .from(therapists)
    .where(and(eq(therapists.practiceId, practiceId), eq(therapists.backupRank, rank), eq(therapists.active, true)))
    .orderBy(asc(therapists.id))
    .all()
    .map((r) => r.id);
}

/** The ranks in use, lowest first: the ladder's rungs after the responsible therapist. */
export function backupRanks(db: DbOrTx, practiceId: number): number[] {
  const rows = db
    .selectDistinct({ rank: therapists.backupRank })
    .from(therapists)
    .where(and(eq(therapists.practiceId, practiceId), isNotNull(therapists.backupRank), eq(therapists.active, true)))
    .orderBy(asc(therapists.backupRank))
    .all();
  return rows.map((r) => r.rank as number);
}
