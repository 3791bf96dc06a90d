/**
 * Opening a risk alert, or attaching a new signal to the one already open. The responsible therapist
 * is told at once; if they have no reachable chat account, the alert escalates at once instead of
 * waiting for the window. Nothing here can close an alert: only `acknowledgeAlert` does, for a clinician.
 * What the notice says about the client's crisis reply is kept true by crisis-delivery.ts.
 */
import type { Tx } from "../db/connection.js";
import { type AlertRow, addTrigger, insertAlert, openAlertFor, updateAlert } from "../db/repos/alerts.js";
import { audit } from "../db/repos/audit.js";
import type { ClientRow, PracticeRow } from "../db/repos/people.js";
import type { CrisisReplyState } from "../outbox/crisis-key.js";
import { settingsOf } from "../practice/settings.js";
import type { Prompts } from "../prompts/load.js";
import { cliniciansWithAccess } from "./alert-access.js";
import { replyLineKey } from "./crisis-delivery.js";
import { escalateAlert } from "./escalation.js";
import { notifyClinicians } from "./notify.js";

export interface RiskSignal {
  /** "risk_item" (yes on the risk question), "risk_text" (risk words), "recovered" (logged while the database failed). */
  kind: "risk_item" | "risk_text" | "recovered";
  occurrenceId?: number;
  /** Which phrase matched, e.g. "en:12"; never the words themselves. */
  rule?: string;
  /** The client's message, kept with the alert for the clinician; never logged. */
  text?: string;
  /** When the signal happened, if not now (a recovered one). */
  at?: Date;
  /**
   * How the crisis reply stands as the alert is written: "sending" (the default: it is sent right
   * after the commit, and the notice is corrected before it leaves), or what a spool entry recorded.
   */
  replyState?: CrisisReplyState;
}

export function raiseRiskAlert(
  tx: Tx,
  prompts: Prompts,
  who: { client: ClientRow; practice: PracticeRow },
  signal: RiskSignal,
  now: Date,
): { alert: AlertRow; cliniciansTold: number } {
  const { client, practice } = who;
  const at = signal.at ?? now;
  const trigger = {
    kind: signal.kind,
    ...(signal.occurrenceId === undefined ? {} : { occurrenceId: signal.occurrenceId }),
    ...(signal.rule === undefined ? {} : { rule: signal.rule }),
    ...(signal.text === undefined ? {} : { text: signal.text }),
  };
  const open = openAlertFor(tx, client.id, "risk");
  if (open) {
    addTrigger(tx, { alertId: open.id, ...trigger }, at);
    audit(
      tx,
      {
        actor: `client:${client.id}`,
        action: "risk.repeated",
        subject: `alert:${open.id}`,
        detail: { trigger: signal.kind, rule: signal.rule ?? null },
      },
      now,
    );
    // Everyone who may see it hears of it again (a former therapist no longer may); the alert itself
    // stays exactly as open as it was.
    const told = notifyClinicians(
      tx,
      prompts,
      open,
      cliniciansWithAccess(tx, open),
      {
        reason: "repeated",
        level: open.escalationLevel,
        compose: (view) =>
          view.t("clinician.risk_repeated", {
            alert: open.id,
            alias: client.alias,
            trigger: view.trigger(signal.kind),
            time: view.time(at),
            reply: view.t(replyLineKey(signal.replyState ?? "sending")),
          }),
      },
      now,
    );
    return { alert: open, cliniciansTold: told.length };
  }

  const settings = settingsOf(practice);
  const alert = insertAlert(
    tx,
    {
      clientId: client.id,
      therapistId: client.therapistId,
      kind: "risk",
      trigger: signal.kind,
      ...(signal.occurrenceId === undefined ? {} : { occurrenceId: signal.occurrenceId }),
      escalateAt: new Date(now.getTime() + settings.escalateAfterMinutes * 60_000),
      followUpDueAt: new Date(at.getTime() + settings.followUpAfterMinutes * 60_000),
    },
    now,
  );
  addTrigger(tx, { alertId: alert.id, ...trigger }, at);
  audit(
    tx,
    {
      actor: `client:${client.id}`,
      action: "risk.opened",
      subject: `alert:${alert.id}`,
      detail: { trigger: signal.kind, rule: signal.rule ?? null },
    },
    now,
  );
  const told = notifyClinicians(
    tx,
    prompts,
    alert,
    [client.therapistId],
    {
      reason: "opened",
      level: 0,
      compose: (view) =>
        view.t("clinician.risk_alert", {
          alert: alert.id,
          alias: client.alias,
          trigger: view.trigger(signal.kind),
          time: view.time(at),
          reply: view.t(replyLineKey(signal.replyState ?? "sending")),
        }),
    },
    now,
  );
  if (told.length > 0) {
    updateAlert(tx, alert.id, { notifiedAt: now });
    return { alert, cliniciansTold: told.length };
  }
  // Nobody heard it: waiting two hours for an escalation would be two hours of silence.
  const backups = escalateAlert(tx, prompts, { ...alert }, now);
  return { alert, cliniciansTold: backups.length };
}
