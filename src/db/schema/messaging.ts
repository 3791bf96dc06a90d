import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt } from "./common.js";
import { identities, platforms } from "./people.js";

/**
 * `withdrawn`: the person it was for lost the right to see it before it went out (a clinician
 * deactivated, or the client moved away from them); see src/safety/withdraw-queued.ts.
 */
export const outboxStatuses = ["pending", "sending", "sent", "failed", "undeliverable", "withdrawn"] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

/**
 * Every outbound message, written in the same transaction as the state change that caused it.
 * Lower `priority` goes first: replies to a client's own action (0) overtake bulk scheduled sends (1);
 * within one chat, messages always leave in id order. `sending` marks a row handed to the platform
 * by the worker named in `claimed_by`, which renews `lease_until` while it lives: a row whose lease
 * has run out means that worker died mid-send, and the row is sent again (at most one duplicate; see
 * src/outbox/leases.ts). A sole worker re-sends its own at start-up without waiting for the lease.
 */
export const outbox = sqliteTable(
  "outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    platform: text("platform", { enum: platforms }).notNull(),
    chatId: text("chat_id").notNull(),
    identityId: integer("identity_id").references(() => identities.id, { onDelete: "set null" }),
    /** JSON `OutboundPayload`. */
    payload: text("payload", { mode: "json" }).notNull(),
    priority: integer("priority").notNull(),
    status: text("status", { enum: outboxStatuses }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }).notNull(),
    lastError: text("last_error"),
    platformMessageId: text("platform_message_id"),
    dedupeKey: text("dedupe_key").notNull(),
    createdAt: createdAt(),
    claimedAt: integer("claimed_at", { mode: "timestamp_ms" }),
    /** The worker sending the row (a random id per process), while it is `sending`. */
    claimedBy: text("claimed_by"),
    /** Until when that worker holds it; past this, any worker may send it again. */
    leaseUntil: integer("lease_until", { mode: "timestamp_ms" }),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("outbox_dedupe").on(t.dedupeKey),
    index("outbox_due").on(t.platform, t.status, t.priority, t.id),
    index("outbox_chat").on(t.platform, t.chatId, t.status, t.id),
  ],
);

/** Inbound platform updates already handled; a re-delivered update id has no second effect. */
export const processedUpdates = sqliteTable(
  "processed_updates",
  {
    platform: text("platform", { enum: platforms }).notNull(),
    updateId: text("update_id").notNull(),
    processedAt: integer("processed_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.updateId] })],
);

/**
 * Chats where Interlude may have published the clinicians' command menu (Telegram's per-chat scope).
 * Kept in the database, not in memory, because a clinician's chat account is deleted when they are
 * deactivated: without this row, a bot that was stopped at the time would no longer know the chat
 * and the stale menu would stay for good. `locale` is what was last published; null while a publish
 * is under way or its outcome is unknown, so the next sync publishes again.
 */
export const clinicianMenus = sqliteTable(
  "clinician_menus",
  {
    platform: text("platform", { enum: platforms }).notNull(),
    chatId: text("chat_id").notNull(),
    locale: text("locale"),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.chatId] })],
);
