/**
 * PostgreSQL twin of src/db/schema/web.ts: the same tables, columns, keys and indexes (held together by
 * tests/db/schema-equivalence.test.ts). What each column means is documented there, once.
 */
import { index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, timestampMs } from "./common.js";
import { therapists } from "./people.js";

export const webLoginLinks = pgTable(
  "web_login_links",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    tokenHash: text("token_hash").notNull().unique(),
    therapistId: integer("therapist_id")
      .notNull()
      .references(() => therapists.id, { onDelete: "cascade" }),
    expiresAt: timestampMs("expires_at").notNull(),
    usedAt: timestampMs("used_at"),
    createdAt: createdAt(),
  },
  (t) => [index("web_login_links_therapist").on(t.therapistId)],
);

export const webSessions = pgTable(
  "web_sessions",
  {
    idHash: text("id_hash").primaryKey(),
    therapistId: integer("therapist_id").references(() => therapists.id, { onDelete: "cascade" }),
    data: text("data").notNull(),
    expiresAt: timestampMs("expires_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("web_sessions_therapist").on(t.therapistId), index("web_sessions_expires").on(t.expiresAt)],
);
