/**
 * What happens the moment a client signals risk, in a check-in or in any message: the crisis reply
 * goes to the client first and directly (not behind the queue), then the alert is opened or the signal
 * attached to the open one, and the responsible therapist is told at once. The client's next message
 * is handled as usual; nothing the client does can close the alert.
 */
import { audit } from "../db/repos/audit.js";
import type { Locale } from "../i18n/locales.js";
import type { Prompts } from "../prompts/load.js";
import { type RiskSignal, raiseRiskAlert } from "../safety/risk-alert.js";
import { crisisResourceLines } from "./crisis-resources.js";
import type { ClientTurn } from "./turn.js";

/**
 * The crisis reply's words. Risk words get "something you wrote made me want to check on you", a
 * "yes" on the risk question its own thanks; both end by saying whether the therapist has been told
 * (or will be, when nobody could be reached yet) and that they may not see it at once.
 */
export function crisisReplyText(
  prompts: Prompts,
  locale: Locale,
  trigger: "risk_item" | "risk_text" | "recovered",
  resources: string,
  therapistTold: boolean,
): string {
  return prompts.messages.t(locale, trigger === "risk_item" ? "crisis.reply_item" : "crisis.reply_text", {
    resources,
    closing: prompts.messages.t(locale, therapistTold ? "crisis.told" : "crisis.will_tell"),
  });
}

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
