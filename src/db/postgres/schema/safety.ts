/**
 * PostgreSQL twin of src/db/schema/safety.ts: the same tables, columns, keys and indexes (held together by
 * tests/db/schema-equivalence.test.ts). What each column means is documented there, once.
 */
import { index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { alertAckReasons, alertKinds } from "../../schema/safety.js";
import { occurrences } from "./checkins.js";
import { timestampMs } from "./common.js";
import { clients, therapists } from "./people.js";

export const alerts = pgTable(
  "alerts",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    clientId: integer("client_id")
      .notNull()
      .references(() => clients.id),
    therapistId: integer("therapist_id")
      .notNull()
      .references(() => therapists.id),
    kind: text("kind", { enum: alertKinds }).notNull(),
    trigger: text("trigger").notNull(),
    occurrenceId: integer("occurrence_id").references(() => occurrences.id),
    openedAt: timestampMs("opened_at").notNull(),
    notifiedAt: timestampMs("notified_at"),
    escalatedAt: timestampMs("escalated_at"),
    escalationLevel: integer("escalation_level").notNull().default(0),
    escalateAt: timestampMs("escalate_at"),
    acknowledgedAt: timestampMs("acknowledged_at"),
    acknowledgedBy: text("acknowledged_by"),
    acknowledgedReason: text("acknowledged_reason", { enum: alertAckReasons }),
    followUpDueAt: timestampMs("follow_up_due_at"),
    followUpSentAt: timestampMs("follow_up_sent_at"),
    followUpAnswer: text("follow_up_answer"),
    followUpAnsweredAt: timestampMs("follow_up_answered_at"),
    followUpNote: text("follow_up_note"),
  },
  (t) => [
    index("alerts_client_open").on(t.clientId, t.acknowledgedAt),
    index("alerts_escalate").on(t.escalateAt),
    index("alerts_follow_up").on(t.followUpDueAt),
  ],
);

export const alertTriggers = pgTable(
  "alert_triggers",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    alertId: integer("alert_id")
      .notNull()
      .references(() => alerts.id),
    kind: text("kind").notNull(),
    occurrenceId: integer("occurrence_id").references(() => occurrences.id),
    rule: text("rule"),
    text: text("text"),
    at: timestampMs("at").notNull(),
  },
  (t) => [index("alert_triggers_alert").on(t.alertId)],
);

export const alertNotifications = pgTable(
  "alert_notifications",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    alertId: integer("alert_id")
      .notNull()
      .references(() => alerts.id),
    therapistId: integer("therapist_id")
      .notNull()
      .references(() => therapists.id),
    reason: text("reason").notNull(),
    level: integer("level").notNull(),
    outboxId: integer("outbox_id"),
    at: timestampMs("at").notNull(),
  },
  (t) => [index("alert_notifications_alert").on(t.alertId), index("alert_notifications_therapist").on(t.therapistId)],
);
