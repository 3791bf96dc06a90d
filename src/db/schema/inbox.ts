import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Telegram webhook updates, written before Telegram is told "200" and handled afterwards by whichever
 * worker claims them (src/inbox). The update id is unique per bot, so it is the key: a re-delivered
 * update finds its row and is not stored twice. `payload` is the update as Telegram sent it (a
 * client's words at rest), emptied the moment the row is handled or given up. A null `chat_id`
 * (an update that belongs to no chat) is a queue of its own. `claimed_until` is a worker's lease:
 * a worker that died mid-handling leaves it to expire, and another worker claims the row again.
 */
export const telegramInbox = sqliteTable(
  "telegram_inbox",
  {
    updateId: integer("update_id").primaryKey(),
    chatId: text("chat_id"),
    payload: text("payload").notNull(),
    receivedAt: integer("received_at", { mode: "timestamp_ms" }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    claimedUntil: integer("claimed_until", { mode: "timestamp_ms" }),
    nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }).notNull(),
    handledAt: integer("handled_at", { mode: "timestamp_ms" }),
    givenUpAt: integer("given_up_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    // Only unfinished rows are indexed: "the oldest waiting update of this chat" and "chats with
    // waiting updates" read this small index, however many finished rows wait for the purge.
    index("telegram_inbox_waiting")
      .on(t.chatId, t.updateId)
      .where(sql`${t.handledAt} is null and ${t.givenUpAt} is null`),
  ],
);
