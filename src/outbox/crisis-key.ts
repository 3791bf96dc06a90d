/**
 * A crisis reply sent for a risk alert carries the alert's id in its outbox dedupe key, so whoever
 * learns how the send ended (straight away, or after a restart) can find the alert and tell its
 * clinicians, without a column of its own.
 */

export function crisisKeyPrefix(alertId: number): string {
  return `crisis:a${alertId}:`;
}

/** The alert a dedupe key's crisis reply belongs to; undefined for any other row. */
export function alertOfCrisisKey(dedupeKey: string): number | undefined {
  const match = /^crisis:a(\d+):/.exec(dedupeKey);
  return match ? Number(match[1]) : undefined;
}

/** How a crisis reply's delivery stands: not tried yet, failed so far, delivered, given up. */
export type CrisisReplyState = "sending" | "retrying" | "sent" | "failed";
/** What the dispatcher reports: a first failure (still retrying), or the end. */
export type CrisisOutcome = Exclude<CrisisReplyState, "sending">;
