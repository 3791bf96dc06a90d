/**
 * The outbox table: every outbound message is a row, written in the same transaction as the state
 * change that caused it, and later sent by the dispatcher.
 */
import { and, asc, eq, lte } from "drizzle-orm";
import type { OutboundPayload } from "../../outbox/payload.js";
import type { DbOrTx } from "../connection.js";
import { outbox, type Platform } from "../schema.js";

export type OutboxRow = typeof outbox.$inferSelect;

/** Replies to something the person just did go before bulk scheduled sends. */
export const priority = { reply: 0, scheduled: 1 } as const;

export function enqueue(
  db: DbOrTx,
  input: {
    platform: Platform;
    chatId: string;
    identityId: number | null;
    payload: OutboundPayload;
    priority: number;
    dedupeKey: string;
  },
  now: Date,
): OutboxRow {
  return db
    .insert(outbox)
    .values({ ...input, nextAttemptAt: now, createdAt: now })
    .returning()
    .get();
}

/** Pending rows for a platform that are due, oldest first, so each chat sees its messages in order. */
export function dueRows(db: DbOrTx, platform: Platform, now: Date, limit: number): OutboxRow[] {
  return db
    .select()
    .from(outbox)
    .where(and(eq(outbox.platform, platform), eq(outbox.status, "pending"), lte(outbox.nextAttemptAt, now)))
    .orderBy(asc(outbox.id))
    .limit(limit)
    .all();
}

export function getOutboxRow(db: DbOrTx, id: number): OutboxRow | undefined {
  return db.select().from(outbox).where(eq(outbox.id, id)).get();
}

export function markSent(db: DbOrTx, id: number, platformMessageId: string | null, now: Date): void {
  db.update(outbox).set({ status: "sent", platformMessageId, sentAt: now }).where(eq(outbox.id, id)).run();
}

export function markRetry(db: DbOrTx, id: number, attempts: number, nextAttemptAt: Date, error: string): void {
  db.update(outbox).set({ attempts, nextAttemptAt, lastError: error }).where(eq(outbox.id, id)).run();
}

export function markFinal(db: DbOrTx, id: number, status: "failed" | "undeliverable", error: string): void {
  db.update(outbox).set({ status, lastError: error }).where(eq(outbox.id, id)).run();
}
