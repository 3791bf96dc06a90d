/**
 * The read side of the weekly summary: a therapist's caseload with its answers, check-in outcomes,
 * alerts and reachability over a time range, in a handful of queries (one per table, not one per
 * client), because the summary job reads every caseload of the practice every week.
 */
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, or } from "drizzle-orm";
import type { DbOrTx } from "../connection.js";
import { rawRows } from "../prepared.js";
import {
  alerts,
  answers,
  type ClientStatus,
  clients,
  identities,
  type NoteSharing,
  type OccurrenceStatus,
  occurrences,
  type ScoreDetail,
} from "../schema.js";

/** One stored answer, as the history query reads it. */
export interface AnswerRecord {
  occurrenceId: number;
  checkinId: string;
  itemId: string;
  itemVersion: number;
  value: number | null;
  text: string | null;
  skipped: boolean;
  answeredAt: Date;
}

export interface CaseloadClient {
  id: number;
  alias: string;
  status: ClientStatus;
  /** What the therapist may see of the client's scores (see src/insights/overall-only.ts). */
  scoreDetail: ScoreDetail;
}

/**
 * A note as the summary may read it: its text only when the client shares it (now, or at the next
 * session); a private note's text is never read, only that it exists.
 */
export interface NoteRecord {
  at: Date;
  text: string | null;
  sharing: NoteSharing;
}

export interface OccurrenceOutcome {
  id: number;
  status: OccurrenceStatus;
  checkinId: string;
  createdAt: Date;
  firstAnswerAt: Date | null;
  /**
   * The platform accepted its first question: the client could have seen it. A check-in never sent
   * (downtime, quiet hours, nothing deliverable) is recorded too, but is not the client's silence.
   */
  delivered: boolean;
  /** When the session the check-in is about started; null when it is about no session. */
  sessionStartsAt: Date | null;
}

export interface AlertBrief {
  id: number;
  kind: string;
  openedAt: Date;
  acknowledgedAt: Date | null;
}

export type ScoredAnswerRow = [occurrenceId: number, itemId: string, itemVersion: number, value: number];

export interface CaseloadHistory {
  clients: CaseloadClient[];
  /**
   * Answers to scored items (what scores are made of) as the database returned them, grouped by
   * client: [occurrence id, item id, item version, value]. Text answers are in `notes`.
   */
  answers: Map<number, ScoredAnswerRow[]>;
  /**
   * What each client wrote from `notesFrom` on, and earlier notes still waiting for the client's next
   * session, oldest first, each with its sharing (the note's own, else the client's, else the practice's).
   */
  notes: Map<number, NoteRecord[]>;
  /**
   * For clients with a note waiting for their next session: when their sessions (not cancelled, not a
   * no-show) started or start in the range, oldest first.
   */
  sessionStarts: Map<number, Date[]>;
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
 * One client's check-ins in the range, oldest first: [id, status, checkin id, created, first answer,
 * when its first question was sent, when the session it is about started]. The outbox row stays after the retention purge (only its text goes).
 */
const occurrencesSql = `select o.id, o.status, o.checkin_id, o.created_at, o.first_answer_at, m.sent_at, s.starts_at
  from occurrences o left join outbox m on m.id = o.first_outbox_id left join sessions s on s.id = o.session_id
  where o.client_id = ? and o.created_at >= ? and o.created_at < ? order by o.id`;

/**
 * One client's answers to scored items (the alliance items of any check-in definition) in the range. Free text is read separately, and only for the
 * week; an answer is dated by its check-in's first answer (in the occurrence rows), which saves a
 * column on the largest read.
 */
const scoredAnswersWhere = `o.client_id = ? and o.created_at >= ? and a.answered_at < ?
  and a.item_id in (select value from json_each(?))`;
const answersSql = `select a.occurrence_id, a.item_id, a.item_version, a.value
  from occurrences o join answers a on a.occurrence_id = o.id where ${scoredAnswersWhere}`;

/**
 * What one client wrote (notes and other text answers) between two instants, each with its sharing
 * (the note's own, else the client's default, the `?` of each `coalesce`). Only check-ins created up
 * to `expiryLimit` before the first instant can hold such answers, which keeps this read small. A
 * private note's text is not read at all.
 */
const noteColumns = `a.answered_at,
    case when coalesce(a.sharing, ?) = 'private' then null else a.text end,
    coalesce(a.sharing, ?)
  from occurrences o join answers a on a.occurrence_id = o.id`;
const notesSql = `select ${noteColumns}
  where o.client_id = ? and o.created_at >= ? and a.answered_at >= ? and a.answered_at < ?
    and a.text is not null and a.skipped = 0 order by a.answered_at`;

/**
 * Earlier notes (before the first instant, back to the read's start) held for the client's next
 * session. Read only for a client who holds notes by default, or who held one of their own (found
 * through the partial index on such notes), so the summary's 26 weeks are not read answer by answer.
 */
const heldNotesSql = `select ${noteColumns}
  where o.client_id = ? and o.created_at >= ? and a.answered_at < ? and a.text is not null and a.skipped = 0
    and coalesce(a.sharing, ?) = 'next_session' order by a.answered_at`;
const clientsHoldingNotesSql = `select distinct o.client_id from answers a indexed by answers_held_for_session
  join occurrences o on o.id = a.occurrence_id where a.sharing = 'next_session' and o.created_at >= ?`;

/** Sessions that happen (planned or held), for releasing notes kept for the next session. */
const sessionStartsSql = `select starts_at from sessions
  where client_id = ? and starts_at >= ? and starts_at < ? and status in ('planned', 'held') order by starts_at`;

/** No check-in stays open longer than this (the longest expiry a practice may set), plus a day. */
const expiryLimitMs = 15 * 86_400_000;

/**
 * Everything the summary needs about one therapist's clients between `from` and `to`: answers to
 * `scoredItems` (nothing else is scored), and what they wrote from `notesFrom`. Stopped clients are included only when something happened to them in the
 * range. The summary job reads every caseload each week (about a million answer rows for a large
 * practice), so the answer and occurrence reads are plain statements mapped by hand: drizzle's per-row
 * mapping cost more than SQLite's own work (see docs/BENCHMARKS.md, B3).
 */
export function loadCaseload(
  db: DbOrTx,
  therapistId: number,
  range: {
    from: Date;
    to: Date;
    notesFrom: Date;
    scoredItems: string[];
    noteSharing: NoteSharing;
    /** Only this one of the therapist's clients (a client's own page), instead of the whole caseload. */
    clientId?: number;
  },
): CaseloadHistory {
  const { from, to, notesFrom } = range;
  const scoredItems = JSON.stringify(range.scoredItems);
  const rows = db
    .select({
      id: clients.id,
      alias: clients.alias,
      status: clients.status,
      scoreDetail: clients.scoreDetail,
      noteSharing: clients.noteSharing,
    })
    .from(clients)
    .where(
      and(
        eq(clients.therapistId, therapistId),
        range.clientId === undefined ? undefined : eq(clients.id, range.clientId),
      ),
    )
    .orderBy(asc(clients.alias))
    .all();
  const all: CaseloadClient[] = rows.map(({ noteSharing: _, ...c }) => c);
  const defaultSharing = new Map(rows.map((c) => [c.id, c.noteSharing ?? range.noteSharing]));
  const ids = all.map((c) => c.id);
  const [fromMs, toMs] = [from.getTime(), to.getTime()];
  const occurrenceRows = rawRows(db, "insights.occurrences", occurrencesSql);
  const answerRows = rawRows(db, "insights.answers", answersSql);
  const noteRows = rawRows(db, "insights.notes", notesSql);
  const heldNoteRows = rawRows(db, "insights.held_notes", heldNotesSql);
  const holding = new Set(
    rawRows(db, "insights.clients_holding_notes", clientsHoldingNotesSql)
      .all(fromMs)
      .map((r) => r[0] as number),
  );
  const sessionRows = rawRows(db, "insights.session_starts", sessionStartsSql);
  const outcomes = new Map<number, OccurrenceOutcome[]>();
  const answersByClient = new Map<number, ScoredAnswerRow[]>();
  const notes = new Map<number, NoteRecord[]>();
  const sessionStarts = new Map<number, Date[]>();
  for (const clientId of ids) {
    const own = occurrenceRows.all(clientId, fromMs, toMs).map((r) => {
      const outcome: OccurrenceOutcome = {
        id: r[0] as number,
        status: r[1] as OccurrenceStatus,
        checkinId: r[2] as string,
        createdAt: new Date(r[3] as number),
        firstAnswerAt: r[4] === null ? null : new Date(r[4] as number),
        delivered: r[5] !== null,
        sessionStartsAt: r[6] === null ? null : new Date(r[6] as number),
      };
      return outcome;
    });
    if (own.length > 0) outcomes.set(clientId, own);
    const scored = answerRows.all(clientId, fromMs, toMs, scoredItems) as ScoredAnswerRow[];
    if (scored.length > 0) answersByClient.set(clientId, scored);
    const fallback = defaultSharing.get(clientId);
    const held =
      fallback === "next_session" || holding.has(clientId)
        ? heldNoteRows.all(fallback, fallback, clientId, fromMs, notesFrom.getTime(), fallback)
        : [];
    const week = noteRows.all(
      fallback,
      fallback,
      clientId,
      Math.max(fromMs, notesFrom.getTime() - expiryLimitMs),
      notesFrom.getTime(),
      toMs,
    );
    // Held ones were all written before the week's: the two lists join in order.
    const written = [...held, ...week];
    if (written.length === 0) continue;
    const mine = written.map((r) => ({
      at: new Date(r[0] as number),
      text: r[1] as string | null,
      sharing: r[2] as NoteSharing,
    }));
    notes.set(clientId, mine);
    if (mine.some((n) => n.sharing === "next_session")) {
      const starts = sessionRows.all(clientId, fromMs, toMs).map((r) => new Date(r[0] as number));
      if (starts.length > 0) sessionStarts.set(clientId, starts);
    }
  }
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
  const active = all.filter((c) => c.status !== "stopped" || outcomes.has(c.id) || answersByClient.has(c.id));
  return {
    clients: active,
    answers: answersByClient,
    notes,
    sessionStarts,
    occurrences: outcomes,
    alerts: alertRows,
    undeliverable,
  };
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
