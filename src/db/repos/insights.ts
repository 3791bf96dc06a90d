/**
 * The read side of the weekly summary: a therapist's caseload with its answers, check-in outcomes,
 * alerts and reachability over a time range, in a handful of queries (one per table, not one per
 * client), because the summary job reads every caseload of the practice every week.
 */
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, or } from "drizzle-orm";
import type { AnswerRecord } from "../../insights/scores.js";
import type { DbOrTx } from "../connection.js";
import {
  alerts,
  answers,
  type ClientStatus,
  clients,
  identities,
  type OccurrenceStatus,
  occurrences,
} from "../schema.js";

export interface CaseloadClient {
  id: number;
  alias: string;
  status: ClientStatus;
}

export interface OccurrenceOutcome {
  id: number;
  status: OccurrenceStatus;
  createdAt: Date;
  firstAnswerAt: Date | null;
}

export interface AlertBrief {
  id: number;
  kind: string;
  openedAt: Date;
  acknowledgedAt: Date | null;
}

export interface CaseloadHistory {
  clients: CaseloadClient[];
  answers: Map<number, AnswerRecord[]>;
  occurrences: Map<number, OccurrenceOutcome[]>;
  /** Alerts open now or opened in the range. */
  alerts: Map<number, AlertBrief[]>;
  /** Clients whose every linked account has refused our messages. */
  undeliverable: Set<number>;
}

function group<T>(rows: (T & { clientId: number })[]): Map<number, T[]> {
  const grouped = new Map<number, T[]>();
  for (const { clientId, ...rest } of rows) {
    const list = grouped.get(clientId);
    if (list) list.push(rest as T);
    else grouped.set(clientId, [rest as T]);
  }
  return grouped;
}

/** SQLite allows 32766 bound values; caseloads are far smaller, but a practice-wide read may not be. */
const chunkSize = 500;
function inChunks<T>(ids: number[], read: (chunk: number[]) => T[]): T[] {
  const rows: T[] = [];
  for (let i = 0; i < ids.length; i += chunkSize) rows.push(...read(ids.slice(i, i + chunkSize)));
  return rows;
}

/**
 * Everything the summary needs about one therapist's clients between `from` and `to`. Stopped clients
 * are included only when something happened to them in the range.
 */
export function loadCaseload(db: DbOrTx, therapistId: number, from: Date, to: Date): CaseloadHistory {
  const all = db
    .select({ id: clients.id, alias: clients.alias, status: clients.status })
    .from(clients)
    .where(eq(clients.therapistId, therapistId))
    .orderBy(asc(clients.alias))
    .all();
  const ids = all.map((c) => c.id);
  const outcomes = group<OccurrenceOutcome>(
    inChunks(ids, (chunk) =>
      db
        .select({
          clientId: occurrences.clientId,
          id: occurrences.id,
          status: occurrences.status,
          createdAt: occurrences.createdAt,
          firstAnswerAt: occurrences.firstAnswerAt,
        })
        .from(occurrences)
        .where(
          and(inArray(occurrences.clientId, chunk), gte(occurrences.createdAt, from), lt(occurrences.createdAt, to)),
        )
        .orderBy(asc(occurrences.id))
        .all(),
    ),
  );
  const answerRows = group<AnswerRecord>(
    inChunks(ids, (chunk) =>
      db
        .select({
          clientId: occurrences.clientId,
          occurrenceId: answers.occurrenceId,
          checkinId: occurrences.checkinId,
          itemId: answers.itemId,
          itemVersion: answers.itemVersion,
          value: answers.value,
          text: answers.text,
          skipped: answers.skipped,
          answeredAt: answers.answeredAt,
        })
        .from(occurrences)
        .innerJoin(answers, eq(answers.occurrenceId, occurrences.id))
        .where(and(inArray(occurrences.clientId, chunk), gte(occurrences.createdAt, from), lt(answers.answeredAt, to)))
        .all(),
    ),
  );
  const alertRows = group<AlertBrief>(
    inChunks(ids, (chunk) =>
      db
        .select({
          clientId: alerts.clientId,
          id: alerts.id,
          kind: alerts.kind,
          openedAt: alerts.openedAt,
          acknowledgedAt: alerts.acknowledgedAt,
        })
        .from(alerts)
        .where(
          and(
            inArray(alerts.clientId, chunk),
            lt(alerts.openedAt, to),
            or(isNull(alerts.acknowledgedAt), gte(alerts.openedAt, from)),
          ),
        )
        .orderBy(asc(alerts.id))
        .all(),
    ),
  );
  const undeliverable = new Set<number>();
  const reachable = new Set<number>();
  for (const row of inChunks(ids, (chunk) =>
    db
      .select({ clientId: identities.clientId, undeliverable: identities.undeliverable })
      .from(identities)
      .where(inArray(identities.clientId, chunk))
      .all(),
  )) {
    if (row.clientId === null) continue;
    if (row.undeliverable) undeliverable.add(row.clientId);
    else reachable.add(row.clientId);
  }
  for (const id of reachable) undeliverable.delete(id);
  const active = all.filter((c) => c.status !== "stopped" || outcomes.has(c.id) || answerRows.has(c.id));
  return { clients: active, answers: answerRows, occurrences: outcomes, alerts: alertRows, undeliverable };
}

/** The answers of a client's latest `count` answered check-ins (for the ceiling question at start). */
export function recentAnswers(db: DbOrTx, clientId: number, count: number): AnswerRecord[] {
  const latest = db
    .select({ id: occurrences.id })
    .from(occurrences)
    .where(and(eq(occurrences.clientId, clientId), isNotNull(occurrences.firstAnswerAt)))
    .orderBy(desc(occurrences.id))
    .limit(count)
    .all()
    .map((o) => o.id);
  if (latest.length === 0) return [];
  return db
    .select({
      occurrenceId: answers.occurrenceId,
      checkinId: occurrences.checkinId,
      itemId: answers.itemId,
      itemVersion: answers.itemVersion,
      value: answers.value,
      text: answers.text,
      skipped: answers.skipped,
      answeredAt: answers.answeredAt,
    })
    .from(answers)
    .innerJoin(occurrences, eq(occurrences.id, answers.occurrenceId))
    .where(inArray(answers.occurrenceId, latest))
    .all();
}
