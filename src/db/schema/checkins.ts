import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt } from "./common.js";
import { clients, identities, noteSharings, practices, therapists } from "./people.js";
import { therapistRatings } from "./ratings.js";
import { sessions } from "./sessions.js";
import { topics } from "./topics.js";

/**
 * When check-ins are sent. A schedule belongs to a practice (its default), a therapist, or a client
 * (override); the most specific active one applies. Times are evaluated in the client's time zone.
 */
export const schedules = sqliteTable(
  "schedules",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    practiceId: integer("practice_id")
      .notNull()
      .references(() => practices.id),
    therapistId: integer("therapist_id").references(() => therapists.id),
    clientId: integer("client_id").references(() => clients.id),
    /** As the practice wrote it: a cron expression or a friendly form ("weekly on Mon,Thu at 18:00"). */
    spec: text("spec").notNull(),
    /** The cron expression `spec` compiles to (minute hour day-of-month month day-of-week). */
    cron: text("cron").notNull(),
    /** "every N days": only every Nth day counted from `anchorDate` (local date) is a slot. */
    intervalDays: integer("interval_days"),
    anchorDate: text("anchor_date"),
    /** Local "HH:MM" window in which nothing is sent; a slot inside it moves to its end. */
    quietStart: text("quiet_start"),
    quietEnd: text("quiet_end"),
    /** Each send is moved by a random 0..N minutes, drawn once per slot and stored. */
    jitterMinutes: integer("jitter_minutes").notNull().default(0),
    /** Local dates (inclusive) outside which the schedule sends nothing. */
    activeFrom: text("active_from"),
    activeUntil: text("active_until"),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("schedules_scope").on(t.practiceId, t.therapistId, t.clientId)],
);

/**
 * Each active client's next slot. The tick finds due work through the index on `due_at` instead of
 * evaluating every schedule every minute. Invalidated (no slot, due at once) whenever the client's
 * schedule, zone or status changes; the tick then places the next slot after the current time, so a
 * past slot is never created again.
 * A cursor with no slot means "no schedule applies": it keeps the client from being looked at again.
 */
export const scheduleCursors = sqliteTable(
  "schedule_cursors",
  {
    clientId: integer("client_id")
      .primaryKey()
      .references(() => clients.id, { onDelete: "cascade" }),
    scheduleId: integer("schedule_id").references(() => schedules.id, { onDelete: "cascade" }),
    /** The nominal local slot, "YYYY-MM-DDTHH:MM", part of the occurrence's idempotency key. */
    slot: text("slot"),
    timezone: text("timezone").notNull(),
    jitterMinutes: integer("jitter_minutes").notNull(),
    /** When to send: the slot after DST policy, jitter and quiet hours. */
    dueAt: integer("due_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("schedule_cursors_due").on(t.dueAt)],
);

export const occurrenceStatuses = ["open", "completed", "expired", "missed", "superseded", "cancelled"] as const;
export type OccurrenceStatus = (typeof occurrenceStatuses)[number];

/** One check-in sent (or due) to one client. The idempotency key makes a slot impossible to create twice. */
export const occurrences = sqliteTable(
  "occurrences",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    clientId: integer("client_id")
      .notNull()
      .references(() => clients.id),
    scheduleId: integer("schedule_id").references(() => schedules.id),
    /**
     * The session the check-in is about, where the client has sessions: the one its rule is timed to,
     * or for a calendar schedule the latest one that ended before it was sent. Answers are read per
     * session through it; a session deleted (retention, erasure) leaves the check-in without one.
     */
    sessionId: integer("session_id").references(() => sessions.id, { onDelete: "set null" }),
    idempotencyKey: text("idempotency_key").notNull(),
    checkinId: text("checkin_id").notNull(),
    checkinVersion: integer("checkin_version").notNull(),
    /** JSON array of the item ids asked, fixed at creation so a later edit cannot shift a running check-in. */
    itemIds: text("item_ids", { mode: "json" }).$type<string[]>().notNull(),
    /** Index into itemIds of the question the client is on. */
    position: integer("position").notNull().default(0),
    /** Whether the current question was already re-asked after an unclear typed answer. */
    reasked: integer("reasked", { mode: "boolean" }).notNull().default(false),
    status: text("status", { enum: occurrenceStatuses }).notNull().default("open"),
    scheduledFor: integer("scheduled_for", { mode: "timestamp_ms" }).notNull(),
    createdAt: createdAt(),
    /** The outbox row of the first question: its sent time and platform message id are the "sent" step. */
    firstOutboxId: integer("first_outbox_id"),
    remindedAt: integer("reminded_at", { mode: "timestamp_ms" }),
    firstAnswerAt: integer("first_answer_at", { mode: "timestamp_ms" }),
    closedAt: integer("closed_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("occurrences_idempotency").on(t.idempotencyKey),
    index("occurrences_client_status").on(t.clientId, t.status),
    index("occurrences_status_created").on(t.status, t.createdAt),
  ],
);

export const answers = sqliteTable(
  "answers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    occurrenceId: integer("occurrence_id")
      .notNull()
      .references(() => occurrences.id),
    itemId: text("item_id").notNull(),
    itemVersion: integer("item_version").notNull(),
    /** Numeric answer (scale value, or 1/0 for yes/no); null for a note or a skip. */
    value: integer("value"),
    /** Free text; never logged. */
    text: text("text"),
    skipped: integer("skipped", { mode: "boolean" }).notNull().default(false),
    /** For a note: who may see it and when, as the client chose for it; null: the client's default. */
    sharing: text("sharing", { enum: noteSharings }),
    answeredAt: integer("answered_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("answers_occurrence_item").on(t.occurrenceId, t.itemId),
    // The few notes a client chose to hold for their next session: found without reading every answer.
    index("answers_held_for_session").on(t.occurrenceId).where(sql`${t.sharing} = 'next_session'`),
  ],
);

/**
 * The buttons of one outbound message. The button's platform data is `<set id>.<option key>`; the set
 * row tells whom it was sent to and what it answers, so the data itself can be short and opaque.
 */
export const choiceSets = sqliteTable(
  "choice_sets",
  {
    id: text("id").primaryKey(),
    identityId: integer("identity_id")
      .notNull()
      .references(() => identities.id, { onDelete: "cascade" }),
    /** `erasure_offer` follows /stop (keep or delete); `erasure_confirm` asks once more before deleting. */
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
    /** For a risk follow-up: the alert the answer belongs to. */
    alertId: integer("alert_id"),
    /** For a therapist's rating of a session: the rating a press answers (`itemId` names the question). */
    ratingId: integer("rating_id").references(() => therapistRatings.id, { onDelete: "cascade" }),
    /** For a "safe to say" topic's buttons (withdraw, release): the topic they act on. */
    topicId: integer("topic_id").references(() => topics.id, { onDelete: "cascade" }),
    itemId: text("item_id"),
    /** The outbox row that displayed these buttons, so the message can be edited once answered. */
    outboxId: integer("outbox_id"),
    createdAt: createdAt(),
  },
  (t) => [index("choice_sets_identity").on(t.identityId)],
);
