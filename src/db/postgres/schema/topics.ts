/**
 * PostgreSQL twin of src/db/schema/topics.ts: the same tables, columns, keys and indexes (held together by
 * tests/db/schema-equivalence.test.ts). What each column means is documented there, once.
 */
import { index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { topicReleases } from "../../schema/topics.js";
import { createdAt, timestampMs } from "./common.js";
import { clients } from "./people.js";

export const topics = pgTable(
  "topics",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    clientId: integer("client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "cascade" }),
    text: text("text").notNull(),
    release: text("release", { enum: topicReleases }).notNull(),
    releasedAt: timestampMs("released_at"),
    remindedAt: timestampMs("reminded_at"),
    createdAt: createdAt(),
    updatedAt: timestampMs("updated_at").notNull(),
  },
  (t) => [index("topics_client").on(t.clientId)],
);
