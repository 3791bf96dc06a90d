/**
 * What the retention period means, table by table, as SQL conditions on each table's own rows. The
 * conditions depend only on the data as it was before the run (never on what an earlier rule of the
 * same run changed), so a dry run that only counts them predicts a real run exactly.
 *
 * Purged: what clients wrote and answered (answers, trigger texts, follow-up notes, topics), the text of every
 * message sent to anyone (outbox payloads), finished webhook inbox rows (a day after, payload already empty), check-ins and their buttons once closed, and past sessions.
 * Kept: that an alert happened, when, to whom it went and who acknowledged it (alerts are a clinical
 * record, and hold ids and kinds only once their texts are blanked); consents; the audit log.
 * Never touched: anything an unacknowledged risk alert rests on, and check-ins still open.
 */
import { type SQL, sql } from "drizzle-orm";
import { finishedInboxRowsBefore } from "../inbox/telegram-inbox.js";
import type { OutboundPayload } from "../outbox/payload.js";

/**
 * What an expired outbox row's payload becomes. Outbox rows are kept, not deleted, because their ids
 * are referenced from places no foreign key guards (occurrences.first_outbox_id for the "sent" step,
 * choice_sets.outbox_id, alert_notifications.outbox_id, edits' targetOutboxId) and because a row's
 * dedupe key is what stops its message from ever being queued and sent a second time. A valid message
 * payload keeps every reader (the dispatcher, the timeline) working on the rows that remain.
 */
export const purgedPayload = {
  kind: "message",
  text: "(removed after the retention period)",
} as const satisfies OutboundPayload;
/** drizzle stores JSON columns as JSON.stringify of the value, so this is the stored text exactly. */
export const purgedPayloadJson = JSON.stringify(purgedPayload);

export const practiceRuleNames = [
  "choiceSets",
  "answers",
  "occurrences",
  "outboxPayloads",
  "alertTriggerTexts",
  "followUpNotes",
  "therapistRatings",
  "topics",
  "sessions",
] as const;
export type PracticeRuleName = (typeof practiceRuleNames)[number];

export const housekeepingRuleNames = [
  "processedUpdates",
  "enrolmentAttempts",
  "unattributedOutboxPayloads",
  "telegramInbox",
] as const;
export type HousekeepingRuleName = (typeof housekeepingRuleNames)[number];

/**
 * One table's share of a run. `where` names columns as `table.column` (no alias), so it works in a
 * count, a select and the DELETE or UPDATE itself. Applying it must make a row stop matching (it is
 * deleted, or the column it tests is cleared), which is what makes a second run find nothing.
 */
export interface Rule<Name extends string> {
  name: Name;
  table: string;
  where: SQL;
  /** "delete", or the SET clause of an update. */
  change: "delete" | SQL;
}

/** Ids of unacknowledged risk alerts: nothing they rest on is purged, however old. */
const openRiskAlerts = sql`select id from alerts where kind = 'risk' and acknowledged_at is null`;

/** Check-ins an open risk alert points at: the answer or note that raised it must stay readable. */
const protectedOccurrences = sql`select occurrence_id from alerts
    where occurrence_id is not null and id in (${openRiskAlerts})
  union select occurrence_id from alert_triggers
    where occurrence_id is not null and alert_id in (${openRiskAlerts})`;

/**
 * The messages that told clinicians about an open risk alert, its follow-up question, and the questions
 * of open check-ins (their buttons must keep working, and the edit after a press reads their text).
 */
const protectedOutbox = sql`select outbox_id from alert_notifications
    where outbox_id is not null and alert_id in (${openRiskAlerts})
  union select outbox_id from choice_sets
    where outbox_id is not null and (alert_id in (${openRiskAlerts})
      or occurrence_id in (select id from occurrences where status = 'open'))`;

/** Chat accounts by the practice of their client or clinician: how an outbox row belongs to a practice. */
const identitiesWhere = (practice: SQL) => sql`select i.id from identities i
  left join clients c on c.id = i.client_id
  left join therapists t on t.id = i.therapist_id
  where coalesce(c.practice_id, t.practice_id) ${practice}`;

/** Closed check-ins of the practice that ended before the cut-off (open ones are never expired). */
const expiredOccurrences = (practiceId: number, cutoff: number) => sql`select o.id from occurrences o
  join clients c on c.id = o.client_id
  where c.practice_id = ${practiceId} and o.status <> 'open'
    and coalesce(o.closed_at, o.created_at) < ${cutoff}
    and o.id not in (${protectedOccurrences})`;

/** Finished outbox rows older than the cut-off; pending and sending rows must still go out. */
const finishedBefore = (cutoff: number) => sql`outbox.status in ('sent', 'failed', 'undeliverable')
  and coalesce(outbox.sent_at, outbox.created_at) < ${cutoff}
  and outbox.id not in (${protectedOutbox})`;

const expiredOutbox = (practiceId: number, cutoff: number) =>
  sql`select outbox.id from outbox where ${finishedBefore(cutoff)} and outbox.identity_id in (${identitiesWhere(sql`= ${practiceId}`)})`;

/** The practice's sessions that started before the cutoff. */
const expiredSessions = (practiceId: number, before: number) => sql`select id from sessions
  where starts_at < ${before} and client_id in (select id from clients where practice_id = ${practiceId})`;

/**
 * The practice's topics last changed (kept, edited, or released) before the cutoff: like a note, a
 * topic is what the client wrote, and goes after the same period whatever its release.
 */
const expiredTopics = (practiceId: number, before: number) => sql`select id from topics
  where max(updated_at, coalesce(released_at, 0)) < ${before}
    and client_id in (select id from clients where practice_id = ${practiceId})`;

/** The practice's alerts other than open risk alerts. */
const closedAlertsOf = (practiceId: number) => sql`select a.id from alerts a join clients c on c.id = a.client_id
  where c.practice_id = ${practiceId} and not (a.kind = 'risk' and a.acknowledged_at is null)`;

/** The rules for one practice, in an order that deletes children before their parents. */
export function practiceRules(practiceId: number, cutoff: Date): Rule<PracticeRuleName>[] {
  const before = cutoff.getTime();
  const occurrencesGone = expiredOccurrences(practiceId, before);
  return [
    {
      // Buttons of expired check-ins, and buttons whose message text is being removed: a late press on
      // them would otherwise record a consent version or an edit made from the placeholder text. (The
      // buttons of open check-ins and open risk alerts' follow-ups are on protected rows, so stay.)
      name: "choiceSets",
      table: "choice_sets",
      where: sql`choice_sets.occurrence_id in (${occurrencesGone})
        or choice_sets.outbox_id in (${expiredOutbox(practiceId, before)})
        or choice_sets.rating_id in (select id from therapist_ratings
          where session_id in (${expiredSessions(practiceId, before)}))
        or choice_sets.topic_id in (${expiredTopics(practiceId, before)})`,
      change: "delete",
    },
    { name: "answers", table: "answers", where: sql`answers.occurrence_id in (${occurrencesGone})`, change: "delete" },
    {
      // An expired check-in an alert points at stays as an empty shell (ids, times, status): the alert
      // keeps saying which check-in raised it, and the row holds nothing the client wrote.
      name: "occurrences",
      table: "occurrences",
      where: sql`occurrences.id in (${occurrencesGone})
        and occurrences.id not in (select occurrence_id from alerts where occurrence_id is not null)
        and occurrences.id not in (select occurrence_id from alert_triggers where occurrence_id is not null)`,
      change: "delete",
    },
    {
      name: "outboxPayloads",
      table: "outbox",
      where: sql`outbox.id in (${expiredOutbox(practiceId, before)}) and outbox.payload <> ${purgedPayloadJson}`,
      change: sql`payload = ${purgedPayloadJson}`,
    },
    {
      name: "alertTriggerTexts",
      table: "alert_triggers",
      where: sql`alert_triggers.text is not null and alert_triggers.at < ${before}
        and alert_triggers.alert_id in (${closedAlertsOf(practiceId)})`,
      change: sql`text = null`,
    },
    {
      // The note has no time of its own; it comes after the follow-up answer, which comes after the send.
      name: "followUpNotes",
      table: "alerts",
      where: sql`alerts.follow_up_note is not null
        and coalesce(alerts.follow_up_answered_at, alerts.follow_up_sent_at, alerts.opened_at) < ${before}
        and alerts.id in (${closedAlertsOf(practiceId)})`,
      change: sql`follow_up_note = null`,
    },
    {
      // A therapist's rating goes with its session (it is about nothing else), before it.
      name: "therapistRatings",
      table: "therapist_ratings",
      where: sql`therapist_ratings.session_id in (${expiredSessions(practiceId, before)})`,
      change: "delete",
    },
    {
      name: "topics",
      table: "topics",
      where: sql`topics.id in (${expiredTopics(practiceId, before)})`,
      change: "delete",
    },
    {
      // Past sessions are the client's data like their answers: their dates go after the same period.
      name: "sessions",
      table: "sessions",
      where: sql`sessions.id in (${expiredSessions(practiceId, before)})`,
      change: "delete",
    },
  ];
}

export interface HousekeepingLimits {
  /** Inbound dedupe rows older than this are dropped: platforms re-deliver within hours, not weeks. */
  processedBefore: Date;
  /** `<platform> <update id>` of spool replay markers whose entry is still in the spool file. */
  keepProcessed: string[];
  /** Enrolment failure rows whose window and block both ended before this change nothing any more. */
  attemptsBefore: Date;
  /** For outbox rows no practice can be found for (an unlinked sender, an erased account). */
  unattributedBefore: Date;
  /** Webhook inbox rows handled or given up before this are deleted (their payload is already empty). */
  inboxFinishedBefore: Date;
}

/** Rows that grow forever but belong to no practice. */
export function housekeepingRules(limits: HousekeepingLimits): Rule<HousekeepingRuleName>[] {
  const attempts = limits.attemptsBefore.getTime();
  return [
    {
      // A marker still in the spool must stay: without it, the next replay would open that alert again.
      name: "processedUpdates",
      table: "processed_updates",
      where: sql`processed_updates.processed_at < ${limits.processedBefore.getTime()}
        and processed_updates.platform || ' ' || processed_updates.update_id
          not in (select value from json_each(${JSON.stringify(limits.keepProcessed)}))`,
      change: "delete",
    },
    {
      name: "enrolmentAttempts",
      table: "enrolment_attempts",
      where: sql`enrolment_attempts.window_started_at < ${attempts}
        and coalesce(enrolment_attempts.blocked_until, 0) < ${attempts}`,
      change: "delete",
    },
    {
      name: "unattributedOutboxPayloads",
      table: "outbox",
      where: sql`${finishedBefore(limits.unattributedBefore.getTime())}
        and outbox.payload <> ${purgedPayloadJson}
        and (outbox.identity_id is null or outbox.identity_id not in (${identitiesWhere(sql`is not null`)}))`,
      change: sql`payload = ${purgedPayloadJson}`,
    },
    {
      // Only finished rows: an update still waiting is handled first, however old.
      name: "telegramInbox",
      table: "telegram_inbox",
      where: finishedInboxRowsBefore(limits.inboxFinishedBefore.getTime()),
      change: "delete",
    },
  ];
}
