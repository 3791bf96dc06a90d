import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { occurrences } from "./checkins.js";
import { clients, therapists } from "./people.js";

export const alertKinds = ["risk", "rupture", "disengagement", "undeliverable"] as const;
export type AlertKind = (typeof alertKinds)[number];

/**
 * Why a clinician acknowledged an alert, as a choice from a fixed list rather than free text: every
 * clinician who may see the alert reads it in their own language, and no clinical note about the
 * client is kept in Interlude (that belongs in the practice's own records).
 */
export const alertAckReasons = ["contacted", "will_contact", "emergency", "known", "no_action"] as const;
export type AlertAckReason = (typeof alertAckReasons)[number];

/**
 * Something a clinician must see. A risk alert stays open until a clinician acknowledges it: no client
 * action can close it. Repeated triggers while it is open attach to it (`alert_triggers`).
 */
export const alerts = sqliteTable(
  "alerts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    clientId: integer("client_id")
      .notNull()
      .references(() => clients.id),
    therapistId: integer("therapist_id")
      .notNull()
      .references(() => therapists.id),
    kind: text("kind", { enum: alertKinds }).notNull(),
    /** What first raised it, e.g. "risk_item" or "risk_text"; never the client's words. */
    trigger: text("trigger").notNull(),
    occurrenceId: integer("occurrence_id").references(() => occurrences.id),
    openedAt: integer("opened_at", { mode: "timestamp_ms" }).notNull(),
    notifiedAt: integer("notified_at", { mode: "timestamp_ms" }),
    escalatedAt: integer("escalated_at", { mode: "timestamp_ms" }),
    /** How far up the escalation ladder it has gone: 0 = the responsible therapist only. */
    escalationLevel: integer("escalation_level").notNull().default(0),
    /** When the next escalation is due if nobody acknowledges; null once acknowledged. */
    escalateAt: integer("escalate_at", { mode: "timestamp_ms" }),
    acknowledgedAt: integer("acknowledged_at", { mode: "timestamp_ms" }),
    /** "therapist:<id>": only ever a clinician. */
    acknowledgedBy: text("acknowledged_by"),
    /** The reason chosen on the web view; null when acknowledged in chat or at the CLI, which ask for none. */
    acknowledgedReason: text("acknowledged_reason", { enum: alertAckReasons }),
    /** The gentle next-day message to the client. */
    followUpDueAt: integer("follow_up_due_at", { mode: "timestamp_ms" }),
    followUpSentAt: integer("follow_up_sent_at", { mode: "timestamp_ms" }),
    /** The client's button answer ("reached", "not_yet", "rather_not_say") and when. */
    followUpAnswer: text("follow_up_answer"),
    followUpAnsweredAt: integer("follow_up_answered_at", { mode: "timestamp_ms" }),
    /** Anything the client typed after answering the follow-up; never logged. */
    followUpNote: text("follow_up_note"),
  },
  (t) => [
    index("alerts_client_open").on(t.clientId, t.acknowledgedAt),
    index("alerts_escalate").on(t.escalateAt),
    index("alerts_follow_up").on(t.followUpDueAt),
  ],
);

/** Each time something signalled risk, the first time included: nothing is lost while an alert is open. */
export const alertTriggers = sqliteTable(
  "alert_triggers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    alertId: integer("alert_id")
      .notNull()
      .references(() => alerts.id),
    /** "risk_item", "risk_text", "recovered" (a disclosure made while the database was failing). */
    kind: text("kind").notNull(),
    occurrenceId: integer("occurrence_id").references(() => occurrences.id),
    /** Which phrase list entry matched ("en:12"): identifies the rule, carries none of the words. */
    rule: text("rule"),
    /** The client's message for a text trigger outside a check-in note, for the clinician; never logged. */
    text: text("text"),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("alert_triggers_alert").on(t.alertId)],
);

/** Who was told about an alert and why: the ladder's history, and what decides who may see or acknowledge it. */
export const alertNotifications = sqliteTable(
  "alert_notifications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    alertId: integer("alert_id")
      .notNull()
      .references(() => alerts.id),
    therapistId: integer("therapist_id")
      .notNull()
      .references(() => therapists.id),
    /**
     * "opened", "escalated", "repeated", "follow_up", "acknowledged", "handed_over" (the new therapist
     * inherits it); "role_ended" records no message: the client left this clinician, ending the access
     * an earlier "escalated" row gave them (src/safety/alert-access.ts).
     */
    reason: text("reason").notNull(),
    level: integer("level").notNull(),
    /** Null when the clinician had no reachable chat account. */
    outboxId: integer("outbox_id"),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("alert_notifications_alert").on(t.alertId), index("alert_notifications_therapist").on(t.therapistId)],
);
