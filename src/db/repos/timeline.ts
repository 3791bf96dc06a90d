/**
 * The life of each check-in, for support and for the weekly summary: intended time, created, sent
 * (with the platform's message id), reminded, first answer, and how it ended.
 */
import { desc, eq } from "drizzle-orm";
import type { DbOrTx } from "../connection.js";
import { occurrences, outbox } from "../schema.js";

export interface TimelineEntry {
  occurrenceId: number;
  status: string;
  intendedFor: Date;
  createdAt: Date;
  sentAt: Date | null;
  platformMessageId: string | null;
  remindedAt: Date | null;
  firstAnswerAt: Date | null;
  closedAt: Date | null;
}

export function occurrenceTimeline(db: DbOrTx, clientId: number, limit = 50): TimelineEntry[] {
  return db
    .select({
      occurrenceId: occurrences.id,
      status: occurrences.status,
      intendedFor: occurrences.scheduledFor,
      createdAt: occurrences.createdAt,
      sentAt: outbox.sentAt,
      platformMessageId: outbox.platformMessageId,
      remindedAt: occurrences.remindedAt,
      firstAnswerAt: occurrences.firstAnswerAt,
      closedAt: occurrences.closedAt,
    })
    .from(occurrences)
    .leftJoin(outbox, eq(outbox.id, occurrences.firstOutboxId))
    .where(eq(occurrences.clientId, clientId))
    .orderBy(desc(occurrences.id))
    .limit(limit)
    .all();
}
