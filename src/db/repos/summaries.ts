/**
 * The record that a therapist's summary for a week has been queued: one row per (therapist, week),
 * enforced by a UNIQUE index, so the weekly summary goes out once however often the tick looks.
 */
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../connection.js";
import { summaries } from "../schema.js";

export type SummaryRow = typeof summaries.$inferSelect;

export function findSummary(db: DbOrTx, therapistId: number, week: string): SummaryRow | undefined {
  return db
    .select()
    .from(summaries)
    .where(and(eq(summaries.therapistId, therapistId), eq(summaries.week, week)))
    .get();
}

export function recordSummary(
  db: DbOrTx,
  input: { therapistId: number; week: string; status: SummaryRow["status"]; parts: number },
  now: Date,
): SummaryRow {
  return db
    .insert(summaries)
    .values({ ...input, createdAt: now })
    .returning()
    .get();
}

/**
 * Forgets that a week's summary was queued, so the weekly job builds it again at its next tick: for a
 * summary withdrawn before it went out because it was built from a caseload that has since changed.
 */
export function releaseSummary(db: DbOrTx, therapistId: number, week: string): void {
  db.delete(summaries)
    .where(and(eq(summaries.therapistId, therapistId), eq(summaries.week, week)))
    .run();
}
