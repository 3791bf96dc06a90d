/**
 * PostgreSQL twin of src/db/schema/messaging.ts: the same tables, columns, keys and indexes (held together by
 * tests/db/schema-equivalence.test.ts). What each column means is documented there, once.
 */
import { index, integer, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { outboxStatuses } from "../../schema/messaging.js";
import { platforms } from "../../schema/people.js";
import { createdAt, jsonText, timestampMs } from "./common.js";
import { identities } from "./people.js";

export const outbox = pgTable(
  "outbox",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    platform: text("platform", { enum: platforms }).notNull(),
    chatId: text("chat_id").notNull(),
    identityId: integer("identity_id").references(() => identities.id, { onDelete: "set null" }),
    payload: jsonText("payload").notNull(),
    priority: integer("priority").notNull(),
    status: text("status", { enum: outboxStatuses }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestampMs("next_attempt_at").notNull(),
    lastError: text("last_error"),
    platformMessageId: text("platform_message_id"),
    dedupeKey: text("dedupe_key").notNull(),
    createdAt: createdAt(),
    claimedAt: timestampMs("claimed_at"),
    claimedBy: text("claimed_by"),
    leaseUntil: timestampMs("lease_until"),
    sentAt: timestampMs("sent_at"),
  },
  (t) => [
    uniqueIndex("outbox_dedupe").on(t.dedupeKey),
    index("outbox_due").on(t.platform, t.status, t.priority, t.id),
    index("outbox_chat").on(t.platform, t.chatId, t.status, t.id),
  ],
);

export const processedUpdates = pgTable(
  "processed_updates",
  {
    platform: text("platform", { enum: platforms }).notNull(),
    updateId: text("update_id").notNull(),
    processedAt: timestampMs("processed_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.updateId] })],
);

export const clinicianMenus = pgTable(
  "clinician_menus",
  {
    platform: text("platform", { enum: platforms }).notNull(),
    chatId: text("chat_id").notNull(),
    locale: text("locale"),
    updatedAt: timestampMs("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.chatId] })],
);
