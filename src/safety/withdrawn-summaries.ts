/**
 * A weekly summary withdrawn before it went out was built from a caseload that has since changed. Its
 * record is released so the weekly job (src/insights/weekly-delivery.ts) builds it again at its next
 * tick, for the clients the therapist has now; a deactivated therapist gets none, as the job skips
 * them. Already-sent parts of the same summary may then arrive twice: a repeat is better than a
 * summary with holes in it.
 */
import type { Tx } from "../db/connection.js";
import { releaseSummary } from "../db/repos/summaries.js";
import { type OutboxRow, outboxRowsWithKeyPrefix } from "../outbox/queue.js";
import { releaseDedupeKeys } from "../outbox/queue-withdrawal.js";

/** The dedupe key weekly-delivery.ts gives each part: `summary:<therapist>:<week>:<part>`. */
const summaryKey = /^summary:(\d+):([^:]+):\d+$/;

/** The week a summary part is for, if the row is one of this therapist's summary parts. */
function summaryWeek(row: OutboxRow, therapistId: number): string | undefined {
  const match = summaryKey.exec(row.dedupeKey);
  return match && Number(match[1]) === therapistId ? match[2] : undefined;
}

export function isSummaryFor(row: OutboxRow, therapistId: number): boolean {
  return summaryWeek(row, therapistId) !== undefined;
}

/** Releases the summaries the withdrawn rows belonged to; returns how many weeks. */
export function rebuildWithdrawnSummaries(tx: Tx, therapistId: number, withdrawn: readonly OutboxRow[]): number {
  const weeks = new Set<string>();
  for (const row of withdrawn) {
    const week = summaryWeek(row, therapistId);
    if (week !== undefined) weeks.add(week);
  }
  for (const week of weeks) {
    // The rebuilt summary uses the same keys: every part gives its key up, sent ones included.
    const parts = outboxRowsWithKeyPrefix(tx, `summary:${therapistId}:${week}:`);
    releaseDedupeKeys(
      tx,
      parts.map((part) => part.id),
    );
    releaseSummary(tx, therapistId, week);
  }
  return weeks.size;
}
