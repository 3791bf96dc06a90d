/**
 * PostgreSQL twin of src/db/schema/checkins.ts: the same tables, columns, keys and indexes (held together by
 * tests/db/schema-equivalence.test.ts). What each column means is documented there, once.
 */
import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { occurrenceStatuses } from "../../schema/checkins.js";
import { noteSharings } from "../../schema/people.js";
import { createdAt, jsonText, timestampMs } from "./common.js";
import { clients, identities, practices, therapists } from "./people.js";
import { therapistRatings } from "./ratings.js";
import { sessions } from "./sessions.js";
import { topics } from "./topics.js";

export const schedules = pgTable(
  "schedules",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    practiceId: integer("practice_id")
      .notNull()
      .references(() => practices.id),
    therapistId: integer("therapist_id").references(() => therapists.id),
    clientId: integer("client_id").references(() => clients.id),
    spec: text("spec").notNull(),
    cron: text("cron").notNull(),
    intervalDays: integer("interval_days"),
    anchorDate: text("anchor_date"),
    quietStart: text("quiet_start"),
    quietEnd: text("quiet_end"),
    jitterMinutes: integer("jitter_minutes").notNull().default(0),
    activeFrom: text("active_from"),
    activeUntil: text("active_until"),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: timestampMs("updated_at").notNull(),
  },
  (t) => [index("schedules_scope").on(t.practiceId, t.therapistId, t.clientId)],
);

export const scheduleCursors = pgTable(
  "schedule_cursors",
  {
    clientId: integer("client_id")
      .primaryKey()
      .references(() => clients.id, { onDelete: "cascade" }),
    scheduleId: integer("schedule_id").references(() => schedules.id, { onDelete: "cascade" }),
    slot: text("slot"),
    timezone: text("timezone").notNull(),
    jitterMinutes: integer("jitter_minutes").notNull(),
    dueAt: timestampMs("due_at"),
  },
  (t) => [index("schedule_cursors_due").on(t.dueAt)],
);

export const occurrences = pgTable(
  "occurrences",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    clientId: integer("client_id")
      .notNull()
      .references(() => clients.id),
    scheduleId: integer("schedule_id").references(() => schedules.id),
    sessionId: integer("session_id").references(() => sessions.id, { onDelete: "set null" }),
    idempotencyKey: text("idempotency_key").notNull(),
    checkinId: text("checkin_id").notNull(),
    checkinVersion: integer("checkin_version").notNull(),
    itemIds: jsonText("item_ids").$type<string[]>().notNull(),
    position: integer("position").notNull().default(0),
    reasked: boolean("reasked").notNull().default(false),
    status: text("status", { enum: occurrenceStatuses }).notNull().default("open"),
    scheduledFor: timestampMs("scheduled_for").notNull(),
    createdAt: createdAt(),
    firstOutboxId: integer("first_outbox_id"),
    remindedAt: timestampMs("reminded_at"),
    firstAnswerAt: timestampMs("first_answer_at"),
    closedAt: timestampMs("closed_at"),
  },
  (t) => [
    uniqueIndex("occurrences_idempotency").on(t.idempotencyKey),
    index("occurrences_client_status").on(t.clientId, t.status),
    index("occurrences_status_created").on(t.status, t.createdAt),
  ],
);

export const answers = pgTable(
  "answers",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    occurrenceId: integer("occurrence_id")
      .notNull()
      .references(() => occurrences.id),
    itemId: text("item_id").notNull(),
    itemVersion: integer("item_version").notNull(),
    value: integer("value"),
    text: text("text"),
    skipped: boolean("skipped").notNull().default(false),
    sharing: text("sharing", { enum: noteSharings }),
    answeredAt: timestampMs("answered_at").notNull(),
  },
  (t) => [
    uniqueIndex("answers_occurrence_item").on(t.occurrenceId, t.itemId),
    index("answers_held_for_session").on(t.occurrenceId).where(sql`${t.sharing} = 'next_session'`),
  ],
);

export const choiceSets = pgTable(
  "choice_sets",
  {
    id: text("id").primaryKey(),
    identityId: integer("identity_id")
      .notNull()
      .references(() => identities.id, { onDelete: "cascade" }),
    purpose: text("purpose", {
      enum: [
        "consent",
        "item",
        "language",
        "follow_up",
        "erasure_offer",
        "erasure_confirm",
        "therapist_rating",
        "topic",
        "note_sharing",
        "privacy",
      ],
    }).notNull(),
    occurrenceId: integer("occurrence_id").references(() => occurrences.id),
    alertId: integer("alert_id"),
    ratingId: integer("rating_id").references(() => therapistRatings.id, { onDelete: "cascade" }),
    topicId: integer("topic_id").references(() => topics.id, { onDelete: "cascade" }),
    itemId: text("item_id"),
    outboxId: integer("outbox_id"),
    createdAt: createdAt(),
  },
  (t) => [index("choice_sets_identity").on(t.identityId)],
);
