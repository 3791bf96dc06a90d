/**
 * PostgreSQL twin of src/db/schema/records.ts: the same tables, columns, keys and indexes (held together by
 * tests/db/schema-equivalence.test.ts). What each column means is documented there, once.
 */
import { index, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, jsonText, timestampMs } from "./common.js";
import { therapists } from "./people.js";

export const auditLog = pgTable(
  "audit_log",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    at: timestampMs("at").notNull(),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    subject: text("subject").notNull(),
    detail: jsonText("detail"),
  },
  (t) => [index("audit_subject").on(t.subject, t.at)],
);

export const summaries = pgTable(
  "summaries",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    therapistId: integer("therapist_id")
      .notNull()
      .references(() => therapists.id),
    week: text("week").notNull(),
    status: text("status", { enum: ["queued", "no_chat"] }).notNull(),
    parts: integer("parts").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("summaries_therapist_week").on(t.therapistId, t.week)],
);

export const erasures = pgTable(
  "erasures",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    clientId: integer("client_id").notNull(),
    erasedAt: timestampMs("erased_at").notNull(),
    actor: text("actor").notNull(),
  },
  (t) => [uniqueIndex("erasures_client").on(t.clientId)],
);
