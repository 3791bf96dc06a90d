/**
 * Erasure (GDPR Art. 17): everything Interlude holds about one client, deleted inside the caller's
 * transaction so it happens completely or not at all. What remains is a tombstone in `erasures` (the
 * former id, when, at whose request; never the alias), which is also what lets the audit log's
 * trigger release the entries about them.
 *
 * An open risk alert blocks erasure: a disclosure nobody has acknowledged must never vanish, so a
 * clinician acknowledges it first. Clinical safety outranks convenience here.
 */
import { and, eq, inArray, isNull, or } from "drizzle-orm";
import type { DbOrTx, Tx } from "../db/connection.js";
import { audit } from "../db/repos/audit.js";
import { getClient } from "../db/repos/people.js";
import {
  alertNotifications,
  alerts,
  alertTriggers,
  answers,
  auditLog,
  choiceSets,
  clients,
  consents,
  enrolmentAttempts,
  erasures,
  identities,
  invites,
  occurrences,
  scheduleCursors,
  schedules,
  sessionSeries,
  sessions,
  therapistRatings,
  topics,
} from "../db/schema.js";
import { removeInboxRowsOfChats } from "../inbox/telegram-inbox.js";
import { clientPictureMark, clientTexts, fragmentsOf, occurrenceIdsOf } from "../outbox/client-mentions.js";
import { scrubOutbox } from "./outbox-scrub.js";

export type ErasureActor = "cli" | `client:${number}`;

export type EraseResult =
  | { status: "erased"; erasureId: number; deleted: Record<string, number> }
  | { status: "unknown_client" }
  | { status: "open_risk_alert"; alertIds: number[] };

/** The client's unacknowledged risk alerts, oldest first. */
export function openRiskAlertIds(db: DbOrTx, clientId: number): number[] {
  return db
    .select({ id: alerts.id })
    .from(alerts)
    .where(and(eq(alerts.clientId, clientId), eq(alerts.kind, "risk"), isNull(alerts.acknowledgedAt)))
    .orderBy(alerts.id)
    .all()
    .map((r) => r.id);
}

/** Everything that points at the client, read before anything is deleted. */
function findTraces(tx: Tx, clientId: number) {
  const accounts = tx.select().from(identities).where(eq(identities.clientId, clientId)).all();
  const occurrenceIds = occurrenceIdsOf(tx, clientId);
  const alertRows = tx.select().from(alerts).where(eq(alerts.clientId, clientId)).all();
  const alertIds = alertRows.map((a) => a.id);
  // Read now, while the rows exist: the outbox is scrubbed of these words after they are deleted.
  const texts = clientTexts(tx, clientId);
  const notificationOutboxIds = tx
    .select({ outboxId: alertNotifications.outboxId })
    .from(alertNotifications)
    .where(inArray(alertNotifications.alertId, alertIds))
    .all()
    .flatMap((r) => (r.outboxId === null ? [] : [r.outboxId]));
  const ratingIds = tx
    .select({ id: therapistRatings.id })
    .from(therapistRatings)
    .where(eq(therapistRatings.clientId, clientId))
    .all()
    .map((r) => r.id);
  const topicIds = tx
    .select({ id: topics.id })
    .from(topics)
    .where(eq(topics.clientId, clientId))
    .all()
    .map((r) => r.id);
  return {
    accounts,
    identityIds: accounts.map((a) => a.id),
    occurrenceIds,
    alertIds,
    ratingIds,
    topicIds,
    texts,
    notificationOutboxIds,
  };
}

export function eraseClient(tx: Tx, input: { clientId: number; actor: ErasureActor }, now: Date): EraseResult {
  const { clientId } = input;
  const client = getClient(tx, clientId);
  if (!client) return { status: "unknown_client" };
  const open = openRiskAlertIds(tx, clientId);
  if (open.length > 0) return { status: "open_risk_alert", alertIds: open };
  const { accounts, identityIds, occurrenceIds, alertIds, ratingIds, topicIds, texts, notificationOutboxIds } =
    findTraces(tx, clientId);

  // The tombstone first: the audit log's delete trigger looks for it.
  const erasureId = tx.insert(erasures).values({ clientId, erasedAt: now, actor: input.actor }).returning().get().id;
  const subject = `client:${clientId}`;
  const deleted: Record<string, number> = {};
  deleted.audit_log = tx
    .delete(auditLog)
    .where(or(eq(auditLog.subject, subject), eq(auditLog.actor, subject)))
    .run().changes;

  const scrubbed = scrubOutbox(tx, {
    identityIds,
    chats: accounts.map((a) => ({ platform: a.platform, chatId: a.chatId })),
    outboxIds: notificationOutboxIds,
    words: [
      client.alias,
      // Very short ids could match unrelated words; real platform ids are long.
      ...accounts.map((a) => a.platformUserId).filter((id) => id.length >= 4),
      clientPictureMark(clientId),
    ],
    phrases: texts.flatMap(fragmentsOf),
  });
  deleted.outbox = scrubbed.deleted;
  deleted.outbox_blanked = scrubbed.blanked;

  // Children before parents, so foreign keys hold at every step.
  // Buttons shown to the client, any set pointing at their check-ins or alerts, and the therapist's
  // rating questions about their sessions.
  deleted.choice_sets = tx
    .delete(choiceSets)
    .where(
      or(
        inArray(choiceSets.identityId, identityIds),
        inArray(choiceSets.occurrenceId, occurrenceIds),
        inArray(choiceSets.alertId, alertIds),
        inArray(choiceSets.ratingId, ratingIds),
        inArray(choiceSets.topicId, topicIds),
      ),
    )
    .run().changes;
  deleted.answers = tx.delete(answers).where(inArray(answers.occurrenceId, occurrenceIds)).run().changes;
  deleted.alert_notifications = tx
    .delete(alertNotifications)
    .where(inArray(alertNotifications.alertId, alertIds))
    .run().changes;
  deleted.alert_triggers = tx.delete(alertTriggers).where(inArray(alertTriggers.alertId, alertIds)).run().changes;
  deleted.alerts = tx.delete(alerts).where(eq(alerts.clientId, clientId)).run().changes;
  deleted.occurrences = tx.delete(occurrences).where(eq(occurrences.clientId, clientId)).run().changes;
  deleted.schedule_cursors = tx.delete(scheduleCursors).where(eq(scheduleCursors.clientId, clientId)).run().changes;
  deleted.schedules = tx.delete(schedules).where(eq(schedules.clientId, clientId)).run().changes;
  deleted.therapist_ratings = tx.delete(therapistRatings).where(eq(therapistRatings.clientId, clientId)).run().changes;
  deleted.topics = tx.delete(topics).where(eq(topics.clientId, clientId)).run().changes;
  deleted.sessions = tx.delete(sessions).where(eq(sessions.clientId, clientId)).run().changes;
  deleted.session_series = tx.delete(sessionSeries).where(eq(sessionSeries.clientId, clientId)).run().changes;
  deleted.consents = tx.delete(consents).where(eq(consents.clientId, clientId)).run().changes;
  deleted.invites = tx.delete(invites).where(eq(invites.clientId, clientId)).run().changes;
  deleted.enrolment_attempts = 0;
  for (const account of accounts) {
    deleted.enrolment_attempts += tx
      .delete(enrolmentAttempts)
      .where(
        and(
          eq(enrolmentAttempts.platform, account.platform),
          eq(enrolmentAttempts.platformUserId, account.platformUserId),
        ),
      )
      .run().changes;
  }
  // Updates still waiting in the webhook inbox hold the client's own words.
  deleted.telegram_inbox = removeInboxRowsOfChats(
    tx,
    accounts.filter((a) => a.platform === "telegram").map((a) => a.chatId),
  );
  deleted.identities = tx.delete(identities).where(eq(identities.clientId, clientId)).run().changes;
  deleted.clients = tx.delete(clients).where(eq(clients.id, clientId)).run().changes;

  // The subject is the tombstone, not the client: an entry naming them would defeat the erasure.
  audit(
    tx,
    {
      actor: input.actor === "cli" ? "cli" : "system",
      action: "client.erased",
      subject: `erasure:${erasureId}`,
      detail: { requestedBy: input.actor === "cli" ? "cli" : "client" },
    },
    now,
  );
  return { status: "erased", erasureId, deleted };
}
