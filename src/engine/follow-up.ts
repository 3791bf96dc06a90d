/**
 * The client's side of the next-day risk follow-up: the button answer and an optional typed note are
 * attached to the alert, and the clinicians who may see the alert now hear the answer. "Not yet"
 * gets the crisis resources again, directly.
 */
import { type AlertRow, getAlert, updateAlert } from "../db/repos/alerts.js";
import { audit } from "../db/repos/audit.js";
import type { ChoiceSetRow } from "../db/repos/choice-sets.js";
import type { MessageKey } from "../prompts/message-keys.js";
import { cliniciansWithAccess } from "../safety/alert-access.js";
import { followUpAnswers } from "../safety/follow-up.js";
import { type Notice, notifyClinicians } from "../safety/notify.js";
import { crisisResourceLines } from "./crisis-resources.js";
import { type ClientTurn, reply, showChosen, text } from "./turn.js";

const answerLabels: Record<string, MessageKey> = {
  reached: "follow_up.reached",
  not_yet: "follow_up.not_yet",
  rather_not_say: "follow_up.rather_not_say",
};

export function answerFollowUp(turn: ClientTurn, set: ChoiceSetRow, key: string): void {
  const alert = set.alertId === null ? undefined : getAlert(turn.tx, set.alertId);
  const answer = followUpAnswers[key];
  if (!alert || alert.clientId !== turn.client.id || !answer || alert.followUpAnswer !== null) {
    return reply(turn, "checkin.stale");
  }
  const label = answerLabels[answer] as MessageKey;
  showChosen(turn, set, text(turn, label));
  updateAlert(turn.tx, alert.id, { followUpAnswer: answer, followUpAnsweredAt: turn.now });
  audit(
    turn.tx,
    {
      actor: `client:${turn.client.id}`,
      action: "risk.follow_up_answered",
      subject: `alert:${alert.id}`,
      detail: { answer },
    },
    turn.now,
  );
  if (answer === "not_yet") {
    turn.out.urgent(turn.to, text(turn, "follow_up.not_yet_reply", { resources: crisisResourceLines(turn) }));
  } else {
    reply(turn, "follow_up.thanks");
  }
  tellClinicians(turn, alert, (view) =>
    view.t("clinician.follow_up_answered", {
      alert: alert.id,
      alias: turn.client.alias,
      answer: view.t(label),
      time: view.time(turn.now),
    }),
  );
}

/** A typed note after the follow-up's buttons: kept with the alert and passed on. */
export function recordFollowUpNote(turn: ClientTurn, alert: AlertRow, note: string): void {
  updateAlert(turn.tx, alert.id, { followUpNote: note.slice(0, 4000) });
  audit(
    turn.tx,
    { actor: `client:${turn.client.id}`, action: "risk.follow_up_note", subject: `alert:${alert.id}` },
    turn.now,
  );
  reply(turn, "follow_up.noted");
  tellClinicians(turn, alert, (view) =>
    view.t("clinician.follow_up_note", { alert: alert.id, alias: turn.client.alias, note: note.slice(0, 1500) }),
  );
}

/** Everyone who may see the alert now hears it, acknowledged or not: never a former therapist. */
function tellClinicians(turn: ClientTurn, alert: AlertRow, compose: Notice["compose"]): void {
  const recipients = cliniciansWithAccess(turn.tx, alert);
  notifyClinicians(
    turn.tx,
    turn.prompts,
    alert,
    recipients,
    { reason: "follow_up", level: alert.escalationLevel, compose },
    turn.now,
  );
}
