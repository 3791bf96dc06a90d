/**
 * A risk alert must never go unheard because a notice about it was withdrawn (its clinician lost
 * access before it went out: src/safety/withdraw-queued.ts). For each open risk alert among the
 * withdrawn messages, someone who may see the alert now must have been told about it at least as
 * recently; if nobody was, the alert climbs the escalation ladder at once, exactly as when nobody can
 * be reached (the next rung, or past the last one everyone on the ladder, the therapist included).
 */
import { and, eq, gte, inArray } from "drizzle-orm";
import type { Tx } from "../db/connection.js";
import { type AlertRow, getAlert } from "../db/repos/alerts.js";
import { alertNotifications, outbox } from "../db/schema.js";
import { noticeOfKey } from "../outbox/notice-keys.js";
import type { OutboxRow } from "../outbox/queue.js";
import type { Prompts } from "../prompts/load.js";
import { cliniciansWithAccess } from "./alert-access.js";
import { escalateAlert } from "./escalation.js";

/** For each row that is about an alert: the alert, and when its news was written. */
export function alertsOfRows(tx: Tx, rows: readonly OutboxRow[]): Map<number, { alertId: number; since: Date }> {
  const found = new Map<number, { alertId: number; since: Date }>();
  if (rows.length === 0) return found;
  const notices = tx
    .select({ id: alertNotifications.id, outboxId: alertNotifications.outboxId, alertId: alertNotifications.alertId })
    .from(alertNotifications)
    .where(
      inArray(
        alertNotifications.outboxId,
        rows.map((row) => row.id),
      ),
    )
    .all();
  for (const notice of notices) {
    const row = rows.find((r) => r.id === notice.outboxId);
    if (row) found.set(row.id, { alertId: notice.alertId, since: row.createdAt });
  }
  for (const row of rows) {
    if (found.has(row.id)) continue;
    const about = noticeOfKey(row.dedupeKey);
    if (about === undefined) continue;
    const alertId =
      "alertId" in about
        ? about.alertId
        : tx
            .select({ alertId: alertNotifications.alertId })
            .from(alertNotifications)
            .where(eq(alertNotifications.id, about.notificationId))
            .get()?.alertId;
    if (alertId !== undefined) found.set(row.id, { alertId, since: row.createdAt });
  }
  return found;
}

/** Whether someone who may see the alert now has a notice about it, written at `since` or later, that can still arrive. */
function stillHeard(tx: Tx, alert: AlertRow, since: Date): boolean {
  const holders = cliniciansWithAccess(tx, alert);
  if (holders.length === 0) return false;
  const told = tx
    .select({ id: alertNotifications.id })
    .from(alertNotifications)
    .innerJoin(outbox, eq(outbox.id, alertNotifications.outboxId))
    .where(
      and(
        eq(alertNotifications.alertId, alert.id),
        inArray(alertNotifications.therapistId, holders),
        gte(alertNotifications.at, since),
        inArray(outbox.status, ["pending", "sending", "sent"]),
      ),
    )
    .get();
  return told !== undefined;
}

/** Escalates each open risk alert the withdrawn rows were about that nobody else has heard of; returns their ids. */
export function readdressAlerts(tx: Tx, prompts: Prompts, withdrawn: readonly OutboxRow[], now: Date): number[] {
  const earliest = new Map<number, Date>();
  for (const { alertId, since } of alertsOfRows(tx, withdrawn).values()) {
    const known = earliest.get(alertId);
    if (!known || since < known) earliest.set(alertId, since);
  }
  const escalated: number[] = [];
  for (const [alertId, since] of earliest) {
    const alert = getAlert(tx, alertId);
    // Other kinds only ever go to the client's current therapist, and every change that ends that
    // therapist's access is a hand-over, which tells the new one about each open alert (hand-over.ts).
    if (!alert || alert.acknowledgedAt !== null || alert.kind !== "risk") continue;
    // A hand-over that escalated because the new therapist is unreachable has told the backups: heard.
    if (stillHeard(tx, alert, since)) continue;
    escalateAlert(tx, prompts, alert, now);
    escalated.push(alert.id);
  }
  return escalated;
}
