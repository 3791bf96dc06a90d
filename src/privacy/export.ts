/**
 * A client's data export (GDPR Art. 20): everything Interlude holds about one client, as one document
 * (`ClientExport`). Answers carry the item's wording from the check-in definition, so the export can
 * be read without Interlude; the client's own words (notes, alert texts) and their platform ids are
 * included because they are the client's data. Reads only: the caller audits and writes.
 */
import { asc, count, eq, inArray, or } from "drizzle-orm";
import type { DbOrTx } from "../db/connection.js";
import { getClient } from "../db/repos/people.js";
import {
  alerts,
  alertTriggers,
  answers,
  auditLog,
  consents,
  identities,
  occurrences,
  outbox,
  sessions,
  topics,
} from "../db/schema.js";
import { type CheckinFile, type CheckinItem, pick } from "../prompts/checkin-schema.js";
import { type ClientExport, exportFormat, exportKind } from "./export-schema.js";

export type ProgressListener = (done: number, total: number) => void;

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

/** How the client saw an item, looked up in the definition of the check-in they answered. */
function describeItem(
  checkins: ReadonlyMap<string, CheckinFile>,
  checkinId: string,
  itemId: string,
): { item: CheckinItem | undefined; file: CheckinFile | undefined } {
  const file = checkins.get(checkinId);
  return { file, item: file?.items.find((i) => i.id === itemId) };
}

/** Row counts per section, for progress and for checking an export against the database. */
export function exportSizes(db: DbOrTx, clientId: number): Record<string, number> {
  const occurrenceIds = db.select({ id: occurrences.id }).from(occurrences).where(eq(occurrences.clientId, clientId));
  const alertIds = db.select({ id: alerts.id }).from(alerts).where(eq(alerts.clientId, clientId));
  const subject = `client:${clientId}`;
  const one = (query: { get: () => { n: number } | undefined }) => query.get()?.n ?? 0;
  return {
    consents: one(db.select({ n: count() }).from(consents).where(eq(consents.clientId, clientId))),
    identities: one(db.select({ n: count() }).from(identities).where(eq(identities.clientId, clientId))),
    occurrences: one(db.select({ n: count() }).from(occurrences).where(eq(occurrences.clientId, clientId))),
    sessions: one(db.select({ n: count() }).from(sessions).where(eq(sessions.clientId, clientId))),
    topics: one(db.select({ n: count() }).from(topics).where(eq(topics.clientId, clientId))),
    answers: one(db.select({ n: count() }).from(answers).where(inArray(answers.occurrenceId, occurrenceIds))),
    alerts: one(db.select({ n: count() }).from(alerts).where(eq(alerts.clientId, clientId))),
    alertTriggers: one(db.select({ n: count() }).from(alertTriggers).where(inArray(alertTriggers.alertId, alertIds))),
    audit: one(
      db
        .select({ n: count() })
        .from(auditLog)
        .where(or(eq(auditLog.subject, subject), eq(auditLog.actor, subject))),
    ),
  };
}

/** Returns undefined for an unknown client. */
export function buildClientExport(
  db: DbOrTx,
  checkins: ReadonlyMap<string, CheckinFile>,
  clientId: number,
  now: Date,
  onProgress: ProgressListener = () => undefined,
): ClientExport | undefined {
  const client = getClient(db, clientId);
  if (!client) return undefined;
  const sizes = exportSizes(db, clientId);
  const total = Object.values(sizes).reduce((a, b) => a + b, 0);
  let done = 0;
  const advance = (rows: number) => {
    done += rows;
    onProgress(done, total);
  };

  const consentRows = db
    .select()
    .from(consents)
    .where(eq(consents.clientId, clientId))
    .orderBy(asc(consents.id))
    .all()
    .map((c) => ({
      id: c.id,
      version: c.version,
      decision: c.decision,
      locale: c.locale,
      decidedAt: iso(c.decidedAt),
    }));
  advance(consentRows.length);

  const identityRows = db
    .select()
    .from(identities)
    .where(eq(identities.clientId, clientId))
    .orderBy(asc(identities.id))
    .all()
    .map((i) => ({
      id: i.id,
      platform: i.platform,
      platformUserId: i.platformUserId,
      chatId: i.chatId,
      undeliverable: i.undeliverable,
      linkedAt: iso(i.createdAt),
    }));
  advance(identityRows.length);

  const occurrenceRows = db
    .select({ occurrence: occurrences, sentAt: outbox.sentAt })
    .from(occurrences)
    .leftJoin(outbox, eq(outbox.id, occurrences.firstOutboxId))
    .where(eq(occurrences.clientId, clientId))
    .orderBy(asc(occurrences.id))
    .all();
  const checkinOf = new Map(occurrenceRows.map((r) => [r.occurrence.id, r.occurrence.checkinId]));
  advance(occurrenceRows.length);

  const answerRows = db
    .select()
    .from(answers)
    .where(
      inArray(
        answers.occurrenceId,
        occurrenceRows.map((r) => r.occurrence.id),
      ),
    )
    .orderBy(asc(answers.id))
    .all();
  const choiceAnswers: ClientExport["answers"] = [];
  const notes: ClientExport["notes"] = [];
  for (const answer of answerRows) {
    const { file, item } = describeItem(checkins, checkinOf.get(answer.occurrenceId) ?? "", answer.itemId);
    const wording = {
      itemId: answer.itemId,
      itemVersion: answer.itemVersion,
      itemText: item ? pick(item.text, client.locale) : null,
      itemTextEn: item ? item.text.en : null,
      wordingVersion: item ? item.version : null,
    };
    const base = { id: answer.id, occurrenceId: answer.occurrenceId, ...wording };
    if (item?.kind === "text" || (!item && answer.text !== null)) {
      notes.push({
        ...base,
        text: answer.text,
        skipped: answer.skipped,
        answeredAt: iso(answer.answeredAt),
        sharing: answer.sharing,
      });
      continue;
    }
    const option =
      item?.kind === "choice" ? file?.scales[item.scale]?.options.find((o) => o.value === answer.value) : undefined;
    choiceAnswers.push({
      ...base,
      value: answer.value,
      optionLabel: option && answer.value !== null ? pick(option.label, client.locale) : null,
      skipped: answer.skipped,
      answeredAt: iso(answer.answeredAt),
    });
  }
  advance(answerRows.length);

  const alertRows = db.select().from(alerts).where(eq(alerts.clientId, clientId)).orderBy(asc(alerts.id)).all();
  const sessionRows = db
    .select()
    .from(sessions)
    .where(eq(sessions.clientId, clientId))
    .orderBy(asc(sessions.startsAt))
    .all();
  advance(sessionRows.length);
  const triggerRows =
    alertRows.length === 0
      ? []
      : db
          .select()
          .from(alertTriggers)
          .where(
            inArray(
              alertTriggers.alertId,
              alertRows.map((a) => a.id),
            ),
          )
          .orderBy(asc(alertTriggers.id))
          .all();
  advance(alertRows.length + triggerRows.length);

  const topicRows = db.select().from(topics).where(eq(topics.clientId, clientId)).orderBy(asc(topics.id)).all();
  advance(topicRows.length);

  const subject = `client:${clientId}`;
  const auditRows = db
    .select()
    .from(auditLog)
    .where(or(eq(auditLog.subject, subject), eq(auditLog.actor, subject)))
    .orderBy(asc(auditLog.id))
    .all();
  advance(auditRows.length);

  return {
    format: exportFormat,
    kind: exportKind,
    exportedAt: iso(now),
    client: {
      id: client.id,
      alias: client.alias,
      locale: client.locale,
      timezone: client.timezone,
      region: client.region,
      status: client.status,
      checkinId: client.checkinId,
      practiceId: client.practiceId,
      therapistId: client.therapistId,
      createdAt: iso(client.createdAt),
      erasureRequestedAt: isoOrNull(client.erasureRequestedAt),
      noteSharing: client.noteSharing,
      scoreDetail: client.scoreDetail,
    },
    consents: consentRows,
    identities: identityRows,
    occurrences: occurrenceRows.map(({ occurrence: o, sentAt }) => ({
      id: o.id,
      checkinId: o.checkinId,
      checkinVersion: o.checkinVersion,
      status: o.status,
      /** The session it was about (an id in `sessions`), where there was one. */
      sessionId: o.sessionId,
      intendedFor: iso(o.scheduledFor),
      createdAt: iso(o.createdAt),
      sentAt: isoOrNull(sentAt),
      remindedAt: isoOrNull(o.remindedAt),
      firstAnswerAt: isoOrNull(o.firstAnswerAt),
      closedAt: isoOrNull(o.closedAt),
    })),
    sessions: sessionRows.map((session) => ({
      id: session.id,
      startsAt: iso(session.startsAt),
      durationMinutes: session.durationMinutes,
      status: session.status,
      source: session.source,
    })),
    answers: choiceAnswers,
    notes,
    alerts: alertRows.map((a) => ({
      id: a.id,
      kind: a.kind,
      trigger: a.trigger,
      openedAt: iso(a.openedAt),
      acknowledgedAt: isoOrNull(a.acknowledgedAt),
      acknowledgedBy: a.acknowledgedBy,
      escalationLevel: a.escalationLevel,
      followUpSentAt: isoOrNull(a.followUpSentAt),
      followUpAnswer: a.followUpAnswer,
      followUpAnsweredAt: isoOrNull(a.followUpAnsweredAt),
      followUpNote: a.followUpNote,
      triggers: triggerRows
        .filter((t) => t.alertId === a.id)
        .map((t) => ({
          id: t.id,
          kind: t.kind,
          occurrenceId: t.occurrenceId,
          rule: t.rule,
          text: t.text,
          at: iso(t.at),
        })),
    })),
    topics: topicRows.map((t) => ({
      id: t.id,
      text: t.text,
      release: t.release,
      releasedAt: isoOrNull(t.releasedAt),
      remindedAt: isoOrNull(t.remindedAt),
      createdAt: iso(t.createdAt),
      updatedAt: iso(t.updatedAt),
    })),
    audit: auditRows.map((e) => ({
      id: e.id,
      at: iso(e.at),
      actor: e.actor,
      action: e.action,
      subject: e.subject,
      detail: (e.detail ?? null) as ClientExport["audit"][number]["detail"],
    })),
  };
}
