/**
 * Practices, their therapists and clients (by alias only), platform accounts, invites, enrolment
 * attempts and consents.
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt } from "./common.js";

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
    /** A practice administrator: manages therapists, clients, schedules and settings in the web view. */
    admin: integer("admin", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("therapists_practice_alias").on(t.practiceId, t.alias)],
);

export const clientStatuses = ["invited", "active", "paused", "stopped"] as const;
export type ClientStatus = (typeof clientStatuses)[number];

/** A note shared at once, at the client's next session, or kept for the client alone. */
export const noteSharings = ["now", "next_session", "private"] as const;
export type NoteSharing = (typeof noteSharings)[number];

export const scoreDetails = ["detailed", "overall"] as const;
export type ScoreDetail = (typeof scoreDetails)[number];

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
    /** Who sees the client's notes and when, unless a note says otherwise; null: the practice's default. */
    noteSharing: text("note_sharing", { enum: noteSharings }),
    /** What the therapist sees of the scores: every item, or only the overall trend and flags. */
    scoreDetail: text("score_detail", { enum: scoreDetails }).notNull().default("detailed"),
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
    // A clinician's chat is looked up by therapist each minute (their ratings' questions) and per alert.
    index("identities_therapist").on(t.therapistId),
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
