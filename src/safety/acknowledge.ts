/**
 * Acknowledging an alert: the only way an alert closes. Only a clinician who may see it now
 * (alert-access.ts: the client's current therapist, or a clinician it was escalated to) can; a client
 * never can, and neither can another therapist or a former one. An unknown alert and one the
 * clinician may not see get the same answer, so alert numbers reveal nothing. The others who may see
 * it hear who took it on. The web view asks why (a choice from a fixed list); chat and the CLI do not.
 */
import type { Tx } from "../db/connection.js";
import { type AlertRow, getAlert, updateAlert } from "../db/repos/alerts.js";
import { audit } from "../db/repos/audit.js";
import { getClient, getTherapist } from "../db/repos/people.js";
import type { AlertAckReason } from "../db/schema.js";
import type { Prompts } from "../prompts/load.js";
import { cliniciansWithAccess, mayAccessAlert } from "./alert-access.js";
import { notifyClinicians } from "./notify.js";

export type AckResult =
  | { status: "acknowledged"; alert: AlertRow }
  | { status: "already"; alert: AlertRow; by: string }
  | { status: "unknown" };

/**
 * `via` says who pressed the button: the clinician in chat or on the web view, or an operator at the
 * CLI on their behalf.
 */
export function acknowledgeAlert(
  tx: Tx,
  prompts: Prompts,
  input: { alertId: number; therapistId: number; via: "chat" | "web" | "cli"; reason?: AlertAckReason },
  now: Date,
): AckResult {
  const alert = getAlert(tx, input.alertId);
  if (!alert || !mayAccessAlert(tx, alert, input.therapistId)) return { status: "unknown" };
  if (alert.acknowledgedAt) {
    return { status: "already", alert, by: describeClinician(tx, alert.acknowledgedBy) };
  }
  const by = `therapist:${input.therapistId}` as const;
  const reason = input.reason ?? null;
  updateAlert(tx, alert.id, { acknowledgedAt: now, acknowledgedBy: by, acknowledgedReason: reason, escalateAt: null });
  audit(
    tx,
    {
      actor: input.via === "cli" ? "cli" : by,
      action: "alert.acknowledged",
      subject: `alert:${alert.id}`,
      detail: { clinician: input.therapistId, via: input.via, kind: alert.kind, reason },
    },
    now,
  );
  const others = cliniciansWithAccess(tx, alert).filter((id) => id !== input.therapistId);
  const client = getClient(tx, alert.clientId);
  const acker = describeClinician(tx, by);
  notifyClinicians(
    tx,
    prompts,
    alert,
    others,
    {
      reason: "acknowledged",
      level: alert.escalationLevel,
      compose: (view) =>
        view.t("clinician.acknowledged_by_other", {
          alert: alert.id,
          alias: client?.alias ?? "?",
          clinician: acker,
          time: view.time(now),
        }),
    },
    now,
  );
  return {
    status: "acknowledged",
    alert: { ...alert, acknowledgedAt: now, acknowledgedBy: by, acknowledgedReason: reason },
  };
}

/** "therapist:3" → the clinician's alias (aliases are what everyone sees). */
export function describeClinician(tx: Tx, actor: string | null): string {
  const id = actor?.startsWith("therapist:") ? Number(actor.slice("therapist:".length)) : Number.NaN;
  return (Number.isInteger(id) ? getTherapist(tx, id)?.alias : undefined) ?? actor ?? "?";
}
