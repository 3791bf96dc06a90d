/**
 * The demo history's one risk alert, stored as the safety loop leaves an alert it has finished with:
 * raised by a "yes" to the risk question, the therapist told and acknowledging it within the hour,
 * the next day's follow-up answered "reached someone". Nothing about it is left to do, so no job acts
 * on it and nothing is sent; and no words of the client's are attached (the trigger was a button).
 */
import type { DbOrTx } from "../db/connection.js";
import { addTrigger, insertAlert, recordNotification, updateAlert } from "../db/repos/alerts.js";
import { audit } from "../db/repos/audit.js";

const minute = 60_000;

export function writeAcknowledgedRiskAlert(
  tx: DbOrTx,
  input: { clientId: number; therapistId: number; occurrenceId: number; at: Date },
): number {
  const at = input.at.getTime();
  const acknowledgedAt = new Date(at + 35 * minute);
  const followUpAt = new Date(at + 24 * 60 * minute);
  const alert = insertAlert(
    tx,
    {
      clientId: input.clientId,
      therapistId: input.therapistId,
      kind: "risk",
      trigger: "risk_item",
      occurrenceId: input.occurrenceId,
      followUpDueAt: followUpAt,
    },
    input.at,
  );
  addTrigger(tx, { alertId: alert.id, kind: "risk_item", occurrenceId: input.occurrenceId }, input.at);
  audit(
    tx,
    {
      actor: `client:${input.clientId}`,
      action: "risk.opened",
      subject: `alert:${alert.id}`,
      detail: { trigger: "risk_item", rule: null },
    },
    input.at,
  );
  recordNotification(tx, { alertId: alert.id, therapistId: input.therapistId, reason: "opened", level: 0 }, input.at);
  const by = `therapist:${input.therapistId}` as const;
  updateAlert(tx, alert.id, {
    notifiedAt: input.at,
    escalateAt: null,
    acknowledgedAt,
    acknowledgedBy: by,
    followUpSentAt: followUpAt,
    followUpAnswer: "reached",
    followUpAnsweredAt: new Date(followUpAt.getTime() + 50 * minute),
  });
  audit(
    tx,
    {
      actor: by,
      action: "alert.acknowledged",
      subject: `alert:${alert.id}`,
      detail: { clinician: input.therapistId, via: "chat", kind: "risk" },
    },
    acknowledgedAt,
  );
  return alert.id;
}
