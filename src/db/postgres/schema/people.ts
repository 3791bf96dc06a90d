/**
 * PostgreSQL twin of src/db/schema/people.ts: the same tables, columns, keys and indexes (held together by
 * tests/db/schema-equivalence.test.ts). What each column means is documented there, once.
 */
import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { clientStatuses, noteSharings, platforms, scoreDetails } from "../../schema/people.js";
import { createdAt, jsonText, timestampMs } from "./common.js";

export const practices = pgTable("practices", {
  id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
  name: text("name").notNull(),
  timezone: text("timezone").notNull(),
  locale: text("locale").notNull(),
  settings: jsonText("settings").notNull().default(sql`'{}'`),
  isDemo: boolean("is_demo").notNull().default(false),
  createdAt: createdAt(),
});

export const therapists = pgTable(
  "therapists",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    practiceId: integer("practice_id")
      .notNull()
      .references(() => practices.id),
    alias: text("alias").notNull(),
    timezone: text("timezone"),
    locale: text("locale"),
    active: boolean("active").notNull().default(true),
    backupRank: integer("backup_rank"),
    admin: boolean("admin").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("therapists_practice_alias").on(t.practiceId, t.alias)],
);

export const clients = pgTable(
  "clients",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    practiceId: integer("practice_id")
      .notNull()
      .references(() => practices.id),
    therapistId: integer("therapist_id")
      .notNull()
      .references(() => therapists.id),
    alias: text("alias").notNull(),
    locale: text("locale").notNull(),
    timezone: text("timezone"),
    region: text("region"),
    checkinId: text("checkin_id").notNull(),
    status: text("status", { enum: clientStatuses }).notNull().default("invited"),
    erasureRequestedAt: timestampMs("erasure_requested_at"),
    noteSharing: text("note_sharing", { enum: noteSharings }),
    scoreDetail: text("score_detail", { enum: scoreDetails }).notNull().default("detailed"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("clients_practice_alias").on(t.practiceId, t.alias),
    index("clients_therapist").on(t.therapistId),
  ],
);

export const identities = pgTable(
  "identities",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    platform: text("platform", { enum: platforms }).notNull(),
    platformUserId: text("platform_user_id").notNull(),
    chatId: text("chat_id").notNull(),
    clientId: integer("client_id").references(() => clients.id),
    therapistId: integer("therapist_id").references(() => therapists.id),
    undeliverable: boolean("undeliverable").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("identities_platform_user").on(t.platform, t.platformUserId),
    index("identities_client").on(t.clientId),
    index("identities_therapist").on(t.therapistId),
  ],
);

export const invites = pgTable(
  "invites",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    codeHash: text("code_hash").notNull(),
    clientId: integer("client_id").references(() => clients.id),
    therapistId: integer("therapist_id").references(() => therapists.id),
    expiresAt: timestampMs("expires_at").notNull(),
    usedAt: timestampMs("used_at"),
    revokedAt: timestampMs("revoked_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("invites_code_hash").on(t.codeHash)],
);

export const enrolmentAttempts = pgTable(
  "enrolment_attempts",
  {
    platform: text("platform", { enum: platforms }).notNull(),
    platformUserId: text("platform_user_id").notNull(),
    failures: integer("failures").notNull(),
    windowStartedAt: timestampMs("window_started_at").notNull(),
    blockedUntil: timestampMs("blocked_until"),
  },
  (t) => [primaryKey({ columns: [t.platform, t.platformUserId] })],
);

export const consents = pgTable(
  "consents",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    clientId: integer("client_id")
      .notNull()
      .references(() => clients.id),
    version: text("version").notNull(),
    decision: text("decision", { enum: ["accepted", "declined"] }).notNull(),
    locale: text("locale").notNull(),
    decidedAt: timestampMs("decided_at").notNull(),
  },
  (t) => [index("consents_client").on(t.clientId)],
);
