/**
 * Handing a client over to another therapist of the practice. Access moves with the client at once
 * (src/safety/alert-access.ts): the former therapist keeps no view of them, not even through an
 * escalation notice they received while the client was theirs. The new therapist is told at once,
 * through the outbox, about every open alert they inherit: alias, kind and what raised it, never the
 * client's words. If they cannot be reached, an open risk alert climbs the ladder now rather than
 * wait out the window with nobody watching it. What was still queued for the former therapist about
 * the client is withdrawn (src/safety/withdraw-queued.ts).
 */
import type { Tx } from "../db/connection.js";
import {
  type AlertRow,
  accessReasons,
  escalatedClinicians,
  listAlerts,
  recordNotification,
  triggersOf,
} from "../db/repos/alerts.js";
import { audit } from "../db/repos/audit.js";
import { type ClientRow, moveClient } from "../db/repos/people.js";
import type { Prompts } from "../prompts/load.js";
import type { ClinicianText } from "../safety/clinician-text.js";
import { crisisReplyState, replyLineKey } from "../safety/crisis-delivery.js";
import { escalateAlert } from "../safety/escalation.js";
import { notifyClinicians } from "../safety/notify.js";
import { withdrawQueuedAboutClient } from "../safety/withdraw-queued.js";

/**
 * Moves `client` to `toTherapistId` (the caller has checked that this makes sense) and tells the new
 * therapist about the open alerts; returns how many open alerts went with the client.
 */
export function handOverClient(tx: Tx, prompts: Prompts, client: ClientRow, toTherapistId: number, now: Date): number {
  const from = client.therapistId;
  moveClient(tx, client.id, toTherapistId);
  const alerts = listAlerts(tx, { clientId: client.id }).reverse();
  for (const alert of alerts) {
    if (!escalatedClinicians(tx, alert.id).includes(from)) continue;
    recordNotification(
      tx,
      { alertId: alert.id, therapistId: from, reason: accessReasons.ended, level: alert.escalationLevel },
      now,
    );
  }
  const open = alerts.filter((alert) => alert.acknowledgedAt === null);
  for (const alert of open) tellNewTherapist(tx, prompts, { ...alert, therapistId: toTherapistId }, client.alias, now);
  // After the new therapist has been told, so a withdrawn alert notice is seen to be heard by them.
  withdrawQueuedAboutClient(tx, prompts, from, client, now);
  audit(
    tx,
    {
      actor: "cli",
      action: "client.moved",
      subject: `client:${client.id}`,
      detail: { from, to: toTherapistId, openAlerts: open.length },
    },
    now,
  );
  return open.length;
}

function tellNewTherapist(tx: Tx, prompts: Prompts, alert: AlertRow, alias: string, now: Date): void {
  const told = notifyClinicians(
    tx,
    prompts,
    alert,
    [alert.therapistId],
    { reason: "handed_over", level: alert.escalationLevel, compose: (view) => inheritedText(tx, view, alert, alias) },
    now,
  );
  if (told.length === 0 && alert.kind === "risk") escalateAlert(tx, prompts, alert, now);
}

/** The same facts an alert's first notice carries, worded for someone who inherits it. */
function inheritedText(tx: Tx, view: ClinicianText, alert: AlertRow, alias: string): string {
  if (alert.kind !== "risk") {
    return view.t("clinician.alert_handed_over", {
      alert: alert.id,
      alias,
      kind: view.kind(alert.kind),
      time: view.time(alert.openedAt),
    });
  }
  const first = triggersOf(tx, alert.id)[0];
  return view.t("clinician.risk_handed_over", {
    alert: alert.id,
    alias,
    trigger: view.trigger(first?.kind ?? alert.trigger),
    time: view.time(first?.at ?? alert.openedAt),
    reply: view.t(replyLineKey(crisisReplyState(tx, alert.id) ?? "sending")),
  });
}
