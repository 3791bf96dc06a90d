/**
 * What happens the moment a client signals risk, in a check-in or in any message: the crisis reply
 * goes to the client first and directly (not behind the queue), then the alert is opened or the signal
 * attached to the open one, and the responsible therapist is told at once. The client's next message
 * is handled as usual; nothing the client does can close the alert.
 */
import { audit } from "../db/repos/audit.js";
import { crisisReplyText } from "../safety/crisis-reply.js";
import { type RiskSignal, raiseRiskAlert } from "../safety/risk-alert.js";
import { crisisResourceLines } from "./crisis-resources.js";
import type { ClientTurn } from "./turn.js";

export function respondToRisk(turn: ClientTurn, signal: RiskSignal): void {
  const { tx, now, client } = turn;
  const { alert, cliniciansTold } = raiseRiskAlert(tx, turn.prompts, { client, practice: turn.practice }, signal, now);
  // Only say a clinician knows when one was actually told; otherwise promise what the ladder will do.
  const message = crisisReplyText(
    turn.prompts,
    turn.locale,
    signal.kind,
    crisisResourceLines(turn),
    cliniciansTold > 0,
  );
  turn.out.urgent(turn.to, message, { alertId: alert.id });
  audit(
    tx,
    { actor: "system", action: "risk.client_replied", subject: `alert:${alert.id}`, detail: { trigger: signal.kind } },
    now,
  );
}
