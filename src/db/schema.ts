/**
 * The whole Interlude data model, in one place so that drizzle-kit can generate migrations from it.
 *
 * Privacy rules encoded here: people are known by an `alias` only (never a real name), and platform
 * identities are opaque platform user ids. Timestamps are UTC epoch milliseconds.
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

const createdAt = () => integer("created_at", { mode: "timestamp_ms" }).notNull();

export const practices = sqliteTable("practices", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  timezone: text("timezone").notNull(),
  locale: text("locale").notNull(),
  /** JSON validated by `practiceSettingsSchema`; holds feature switches and windows. */
  settings: text("settings", { mode: "json" }).notNull().default(sql`'{}'`),
  isDemo: integer("is_demo", { mode: "boolean" }).notNull().default(false),
  createdAt: createdAt(),
});

export const therapists = sqliteTable(
  "therapists",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    practiceId: integer("practice_id")
      .notNull()
      .references(() => practices.id),
    alias: text("alias").notNull(),
    timezone: text("timezone"),
    locale: text("locale"),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    /**
     * Set for the practice's backup clinicians: an unacknowledged risk alert escalates to rank 1 after
     * the practice's window, then rank 2, and so on. Null: not a backup contact.
     */
    backupRank: integer("backup_rank"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("therapists_practice_alias").on(t.practiceId, t.alias)],
);

export const clientStatuses = ["invited", "active", "paused", "stopped"] as const;
export type ClientStatus = (typeof clientStatuses)[number];

export const clients = sqliteTable(
  "clients",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    practiceId: integer("practice_id")
      .notNull()
      .references(() => practices.id),
    therapistId: integer("therapist_id")
      .notNull()
      .references(() => therapists.id),
    alias: text("alias").notNull(),
    locale: text("locale").notNull(),
    /** IANA zone; null means "use the practice's". */
    timezone: text("timezone"),
    /** ISO 3166 country code choosing crisis resources; null means "use the practice's region". */
    region: text("region"),
    checkinId: text("checkin_id").notNull(),
    status: text("status", { enum: clientStatuses }).notNull().default("invited"),
    /**
     * The client asked in chat for their data to be deleted while a risk alert was open. Erasure waits
     * until a clinician has acknowledged it (an open alert must never vanish), then runs by itself.
     */
    erasureRequestedAt: integer("erasure_requested_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("clients_practice_alias").on(t.practiceId, t.alias),
    index("clients_therapist").on(t.therapistId),
  ],
);

export const platforms = ["console", "telegram", "discord"] as const;
export type Platform = (typeof platforms)[number];

/** A platform account linked to exactly one client or therapist. */
export const identities = sqliteTable(
  "identities",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    platform: text("platform", { enum: platforms }).notNull(),
    platformUserId: text("platform_user_id").notNull(),
    chatId: text("chat_id").notNull(),
    clientId: integer("client_id").references(() => clients.id),
    therapistId: integer("therapist_id").references(() => therapists.id),
    undeliverable: integer("undeliverable", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("identities_platform_user").on(t.platform, t.platformUserId),
    index("identities_client").on(t.clientId),
  ],
);

/** Invite codes are stored only as a SHA-256 hash; the code itself is shown once, at creation. */
export const invites = sqliteTable(
  "invites",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    codeHash: text("code_hash").notNull(),
    clientId: integer("client_id").references(() => clients.id),
    therapistId: integer("therapist_id").references(() => therapists.id),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("invites_code_hash").on(t.codeHash)],
);

/** Failed enrolment attempts per sender, so that code guessing is slowed down. */
export const enrolmentAttempts = sqliteTable(
  "enrolment_attempts",
  {
    platform: text("platform", { enum: platforms }).notNull(),
    platformUserId: text("platform_user_id").notNull(),
    failures: integer("failures").notNull(),
    windowStartedAt: integer("window_started_at", { mode: "timestamp_ms" }).notNull(),
    blockedUntil: integer("blocked_until", { mode: "timestamp_ms" }),
  },
  (t) => [primaryKey({ columns: [t.platform, t.platformUserId] })],
);

export const consents = sqliteTable(
  "consents",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    clientId: integer("client_id")
      .notNull()
      .references(() => clients.id),
    version: text("version").notNull(),
    decision: text("decision", { enum: ["accepted", "declined"] }).notNull(),
    locale: text("locale").notNull(),
    decidedAt: integer("decided_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("consents_client").on(t.clientId)],
);

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
    answeredAt: integer("answered_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("answers_occurrence_item").on(t.occurrenceId, t.itemId)],
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
      enum: ["consent", "item", "language", "follow_up", "erasure_offer", "erasure_confirm"],
    }).notNull(),
    occurrenceId: integer("occurrence_id").references(() => occurrences.id),
    /** For a risk follow-up: the alert the answer belongs to. */
    alertId: integer("alert_id"),
    itemId: text("item_id"),
    /** The outbox row that displayed these buttons, so the message can be edited once answered. */
    outboxId: integer("outbox_id"),
    createdAt: createdAt(),
  },
  (t) => [index("choice_sets_identity").on(t.identityId)],
);

export const alertKinds = ["risk", "rupture", "disengagement", "undeliverable"] as const;
export type AlertKind = (typeof alertKinds)[number];

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
    /** "opened", "escalated", "repeated", "follow_up", "acknowledged". */
    reason: text("reason").notNull(),
    level: integer("level").notNull(),
    /** Null when the clinician had no reachable chat account. */
    outboxId: integer("outbox_id"),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("alert_notifications_alert").on(t.alertId), index("alert_notifications_therapist").on(t.therapistId)],
);

export const outboxStatuses = ["pending", "sending", "sent", "failed", "undeliverable"] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

/**
 * Every outbound message, written in the same transaction as the state change that caused it.
 * Lower `priority` goes first: replies to a client's own action (0) overtake bulk scheduled sends (1);
 * within one chat, messages always leave in id order. `sending` marks a row handed to the platform:
 * found at start-up, it means a crash mid-send, and the row is sent again (at most one duplicate).
 */
export const outbox = sqliteTable(
  "outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    platform: text("platform", { enum: platforms }).notNull(),
    chatId: text("chat_id").notNull(),
    identityId: integer("identity_id").references(() => identities.id, { onDelete: "set null" }),
    /** JSON `OutboundPayload`. */
    payload: text("payload", { mode: "json" }).notNull(),
    priority: integer("priority").notNull(),
    status: text("status", { enum: outboxStatuses }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }).notNull(),
    lastError: text("last_error"),
    platformMessageId: text("platform_message_id"),
    dedupeKey: text("dedupe_key").notNull(),
    createdAt: createdAt(),
    claimedAt: integer("claimed_at", { mode: "timestamp_ms" }),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("outbox_dedupe").on(t.dedupeKey),
    index("outbox_due").on(t.platform, t.status, t.priority, t.id),
    index("outbox_chat").on(t.platform, t.chatId, t.status, t.id),
  ],
);

/** Inbound platform updates already handled; a re-delivered update id has no second effect. */
export const processedUpdates = sqliteTable(
  "processed_updates",
  {
    platform: text("platform", { enum: platforms }).notNull(),
    updateId: text("update_id").notNull(),
    processedAt: integer("processed_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.updateId] })],
);

/**
 * Who did what to whom. Actors and subjects are ids ("client:3", "cli"), never names or answers.
 * Append-only, enforced by triggers in drizzle/0003_privacy.sql: no UPDATE ever, and DELETE only of
 * entries about a client listed in `erasures` (their right to erasure outranks the log).
 */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    subject: text("subject").notNull(),
    detail: text("detail", { mode: "json" }),
  },
  (t) => [index("audit_subject").on(t.subject, t.at)],
);

/**
 * One row per therapist per summarised week: the UNIQUE pair is what makes the weekly summary go out
 * exactly once, across restarts and concurrent ticks. It holds no client data: the text lives only in
 * the outbox rows that carry it (and goes with them under retention).
 */
export const summaries = sqliteTable(
  "summaries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    therapistId: integer("therapist_id")
      .notNull()
      .references(() => therapists.id),
    /** The ISO week summarised, "2026-W47", in the therapist's time zone. */
    week: text("week").notNull(),
    /** "queued": in the outbox; "no_chat": the therapist had no reachable chat account. */
    status: text("status", { enum: ["queued", "no_chat"] }).notNull(),
    /** How many outbox rows (text parts and charts) carry it. */
    parts: integer("parts").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("summaries_therapist_week").on(t.therapistId, t.week)],
);

/**
 * The tombstone of an erased client: that an erasure happened, when and at whose request, and nothing
 * else (no alias). It is what lets the audit log's delete trigger release entries about that client,
 * and what an auditor can point to when asked where a client's data went.
 */
export const erasures = sqliteTable(
  "erasures",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** The erased client's former id; deliberately no foreign key, the row it named is gone. */
    clientId: integer("client_id").notNull(),
    erasedAt: integer("erased_at", { mode: "timestamp_ms" }).notNull(),
    /** "cli" or "client:<id>" (the client asked in chat). */
    actor: text("actor").notNull(),
  },
  (t) => [uniqueIndex("erasures_client").on(t.clientId)],
);
