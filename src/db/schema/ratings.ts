import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt } from "./common.js";
import { clients, therapists } from "./people.js";
import { sessions } from "./sessions.js";

/** The three things a therapist rates about a session, in the order they are asked. */
export const ratingDimensions = ["safety", "bond", "work"] as const;
export type RatingDimension = (typeof ratingDimensions)[number];

/** open: questions still to answer; completed: all three answered or skipped; expired: never finished. */
export const ratingStatuses = ["open", "completed", "expired"] as const;
export type RatingStatus = (typeof ratingStatuses)[number];

/**
 * The therapist's own view of one held session with one client, on the client's 1–5 scale: how safe
 * the client seemed to feel, the bond, agreement on the work. At most one per session. A value is null
 * when the therapist skipped that question or never got to it (`next` tells which). The client never
 * sees these; they sit beside the client's answers in the therapist's summaries.
 */
export const therapistRatings = sqliteTable(
  "therapist_ratings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    sessionId: integer("session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    clientId: integer("client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "cascade" }),
    /** Who was asked: the client's therapist when the questions went out. */
    therapistId: integer("therapist_id")
      .notNull()
      .references(() => therapists.id),
    status: text("status", { enum: ratingStatuses }).notNull().default("open"),
    /** Index into `ratingDimensions` of the question waiting for an answer; 3 once all are done. */
    next: integer("next").notNull().default(0),
    safety: integer("safety"),
    bond: integer("bond"),
    work: integer("work"),
    createdAt: createdAt(),
    closedAt: integer("closed_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("therapist_ratings_session").on(t.sessionId),
    index("therapist_ratings_client").on(t.clientId),
    index("therapist_ratings_status").on(t.status, t.createdAt),
  ],
);
