import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt } from "./common.js";
import { clients } from "./people.js";

/**
 * When the therapist may see a topic the client kept for their next session: the morning of the
 * session (or the practice's hours before it), only that there are topics to raise, or never.
 */
export const topicReleases = ["before_session", "at_session", "just_for_me"] as const;
export type TopicRelease = (typeof topicReleases)[number];

/**
 * A "safe to say" topic: something the client keeps for their next session, in their own words, with
 * the release they chose. A withdrawn topic is deleted, not hidden. Which session it is for is worked
 * out from the client's sessions when it is released (a session moved or cancelled moves it along);
 * `releasedAt` and `remindedAt` record what has been done, so a tick or a restart never does it twice.
 */
export const topics = sqliteTable(
  "topics",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    clientId: integer("client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "cascade" }),
    /** The client's words; never logged. */
    text: text("text").notNull(),
    release: text("release", { enum: topicReleases }).notNull(),
    /** When the therapist was shown it (before_session) or told there are topics (at_session). */
    releasedAt: integer("released_at", { mode: "timestamp_ms" }),
    /** When the client was reminded of it before the session (at_session). */
    remindedAt: integer("reminded_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("topics_client").on(t.clientId)],
);
