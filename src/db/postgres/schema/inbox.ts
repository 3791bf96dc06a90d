/**
 * PostgreSQL twin of src/db/schema/inbox.ts: the same table, columns, key and index (held together by
 * tests/db/schema-equivalence.test.ts). What each column means is documented there, once.
 */
import { sql } from "drizzle-orm";
import { bigint, index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { timestampMs } from "./common.js";

export const telegramInbox = pgTable(
  "telegram_inbox",
  {
    // Telegram's update ids only grow; bigint so a long-lived bot never outgrows the column.
    updateId: bigint("update_id", { mode: "number" }).primaryKey(),
    chatId: text("chat_id"),
    payload: text("payload").notNull(),
    receivedAt: timestampMs("received_at").notNull(),
    attempts: integer("attempts").notNull().default(0),
    claimedUntil: timestampMs("claimed_until"),
    nextAttemptAt: timestampMs("next_attempt_at").notNull(),
    handledAt: timestampMs("handled_at"),
    givenUpAt: timestampMs("given_up_at"),
  },
  (t) => [
    index("telegram_inbox_waiting")
      .on(t.chatId, t.updateId)
      .where(sql`${t.handledAt} is null and ${t.givenUpAt} is null`),
  ],
);
