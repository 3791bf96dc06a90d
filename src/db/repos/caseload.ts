/**
 * A caseload at a glance: the few facts per client that a list of clients shows (the CLI's
 * `client list`, a clinician's `/clients`), each read for all the listed clients in one query.
 */
import { and, eq, inArray, isNotNull, isNull, max } from "drizzle-orm";
import type { DbOrTx } from "../connection.js";
import { alerts, answers, identities, occurrences } from "../schema.js";

export type AlertRow = typeof alerts.$inferSelect;

/** When each client last answered anything in a check-in; clients who never did are absent. */
export function lastAnswerTimes(db: DbOrTx, clientIds: readonly number[]): Map<number, Date> {
  if (clientIds.length === 0) return new Map();
  const rows = db
    .select({ clientId: occurrences.clientId, at: max(answers.answeredAt) })
    .from(answers)
    .innerJoin(occurrences, eq(answers.occurrenceId, occurrences.id))
    .where(inArray(occurrences.clientId, [...clientIds]))
    .groupBy(occurrences.clientId)
    .all();
  return new Map(rows.flatMap((r) => (r.at === null ? [] : [[r.clientId, r.at] as const])));
}

/** The clients among these who have a linked chat account (whether or not it still accepts messages). */
export function linkedClientIds(db: DbOrTx, clientIds: readonly number[]): Set<number> {
  if (clientIds.length === 0) return new Set();
  const rows = db
    .selectDistinct({ clientId: identities.clientId })
    .from(identities)
    .where(and(isNotNull(identities.clientId), inArray(identities.clientId, [...clientIds])))
    .all();
  return new Set(rows.flatMap((r) => (r.clientId === null ? [] : [r.clientId])));
}

/** Each client's open (unacknowledged) alerts, oldest first. */
export function openAlertsOf(db: DbOrTx, clientIds: readonly number[]): Map<number, AlertRow[]> {
  const out = new Map<number, AlertRow[]>();
  if (clientIds.length === 0) return out;
  const rows = db
    .select()
    .from(alerts)
    .where(and(inArray(alerts.clientId, [...clientIds]), isNull(alerts.acknowledgedAt)))
    .orderBy(alerts.id)
    .all();
  for (const row of rows) out.set(row.clientId, [...(out.get(row.clientId) ?? []), row]);
  return out;
}
