/**
 * PostgreSQL twin of src/db/schema/ratings.ts: the same tables, columns, keys and indexes (held together by
 * tests/db/schema-equivalence.test.ts). What each column means is documented there, once.
 */
import { index, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { ratingStatuses } from "../../schema/ratings.js";
import { createdAt, timestampMs } from "./common.js";
import { clients, therapists } from "./people.js";
import { sessions } from "./sessions.js";

export const therapistRatings = pgTable(
  "therapist_ratings",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    sessionId: integer("session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    clientId: integer("client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "cascade" }),
    therapistId: integer("therapist_id")
      .notNull()
      .references(() => therapists.id),
    status: text("status", { enum: ratingStatuses }).notNull().default("open"),
    next: integer("next").notNull().default(0),
    safety: integer("safety"),
    bond: integer("bond"),
    work: integer("work"),
    createdAt: createdAt(),
    closedAt: timestampMs("closed_at"),
  },
  (t) => [
    uniqueIndex("therapist_ratings_session").on(t.sessionId),
    index("therapist_ratings_client").on(t.clientId),
    index("therapist_ratings_status").on(t.status, t.createdAt),
  ],
);
