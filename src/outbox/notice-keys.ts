/**
 * Two kinds of clinician message name what they are about only in their outbox dedupe key (they have
 * no row in alert_notifications): the notice that a client cannot be reached, and the late line about
 * how a crisis reply ended. The keys are built and read here, in one place, so that the messages a
 * clinician loses with their access can be traced back to their alert (src/safety/withdraw-queued.ts).
 */

/** Cause of the one message telling the therapist that their client cannot be reached. */
export function undeliverableNoticeCause(alertId: number): string {
  return `alert:${alertId}`;
}

/** Cause of the late line about crisis reply `crisisRowId`, to the clinician of notification `notificationId`. */
export function crisisOutcomeCause(crisisRowId: number, notificationId: number): string {
  return `crisis-outcome:${crisisRowId}:${notificationId}`;
}

/** What a dedupe key written with one of the causes above is about; undefined for any other row. */
export function noticeOfKey(dedupeKey: string): { alertId: number } | { notificationId: number } | undefined {
  const undeliverable = /^alert:(\d+):/.exec(dedupeKey);
  if (undeliverable) return { alertId: Number(undeliverable[1]) };
  const outcome = /^crisis-outcome:\d+:(\d+):/.exec(dedupeKey);
  if (outcome) return { notificationId: Number(outcome[1]) };
  return undefined;
}
