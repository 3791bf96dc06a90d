/**
 * Telling clinicians about an alert: one message per clinician to their linked chat, through the
 * outbox (retried, rate limited, never lost), each recorded as a notification and audited. A clinician
 * without a reachable chat account is recorded and audited too, so escalation can move past them.
 */
import type { Tx } from "../db/connection.js";
import { type AlertRow, recordNotification, setNotificationOutbox } from "../db/repos/alerts.js";
import { audit } from "../db/repos/audit.js";
import { deliveryIdentityForTherapist } from "../db/repos/identities.js";
import { Outbound } from "../outbox/outbound.js";
import { priority } from "../outbox/queue.js";
import type { Prompts } from "../prompts/load.js";
import { type ClinicianText, clinicianText } from "./clinician-text.js";

export interface Notice {
  /** Why: "opened", "escalated", "repeated", "follow_up", "acknowledged", "handed_over". */
  reason: string;
  level: number;
  /** The message, written for each clinician in their own language and zone. */
  compose: (view: ClinicianText) => string;
}

/** Sends `notice` to each clinician; returns the ids of those whose chat it was queued for. */
export function notifyClinicians(
  tx: Tx,
  prompts: Prompts,
  alert: AlertRow,
  therapistIds: readonly number[],
  notice: Notice,
  now: Date,
): number[] {
  const reached: number[] = [];
  for (const therapistId of new Set(therapistIds)) {
    const view = clinicianText(tx, prompts, therapistId);
    const destination = deliveryIdentityForTherapist(tx, therapistId);
    if (!view || !destination || !view.therapist.active) {
      recordNotification(tx, { alertId: alert.id, therapistId, reason: notice.reason, level: notice.level }, now);
      audit(
        tx,
        {
          actor: "system",
          action: "alert.clinician_unreachable",
          subject: `alert:${alert.id}`,
          detail: { therapist: therapistId, reason: notice.reason },
        },
        now,
      );
      continue;
    }
    const notificationId = recordNotification(
      tx,
      { alertId: alert.id, therapistId, reason: notice.reason, level: notice.level },
      now,
    );
    // The notification's own id makes the dedupe key: unique however many notices share a moment.
    const row = new Outbound(tx, now, `alert-notice:${notificationId}`, priority.reply).say(
      { platform: destination.platform, chatId: destination.chatId, identityId: destination.id },
      notice.compose(view),
    );
    setNotificationOutbox(tx, notificationId, row.id);
    audit(
      tx,
      {
        actor: "system",
        action: "alert.clinician_notified",
        subject: `alert:${alert.id}`,
        detail: { therapist: therapistId, reason: notice.reason, level: notice.level },
      },
      now,
    );
    reached.push(therapistId);
  }
  return reached;
}
