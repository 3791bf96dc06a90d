import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt } from "./common.js";
import { therapists } from "./people.js";

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
