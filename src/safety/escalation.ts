/**
 * The escalation ladder. An open risk alert that nobody has acknowledged within the practice's window
 * goes to the backup clinicians of the next rank; a rank where nobody can be reached is passed over at
 * once. Past the last rank, every clinician on the ladder (the therapist included) is told again,
 * each window, until someone acknowledges. The ladder is data: therapists' `backup_rank`.
 */
import type { Db, Tx } from "../db/connection.js";
import {
  type AlertRow,
  alertsDueForEscalation,
  backupRanks,
  backupsAtRank,
  triggersOf,
  updateAlert,
} from "../db/repos/alerts.js";
import { audit } from "../db/repos/audit.js";
import { getClient, getPractice, getTherapist } from "../db/repos/people.js";
import { settingsOf } from "../practice/settings.js";
import type { Prompts } from "../prompts/load.js";
import { crisisReplyState, replyLineKey } from "./crisis-delivery.js";
import { notifyClinicians } from "./notify.js";

const batchSize = 100;

/** Moves one alert up the ladder now; returns the clinicians who were told. */
export function escalateAlert(tx: Tx, prompts: Prompts, alert: AlertRow, now: Date): number[] {
  const client = getClient(tx, alert.clientId);
  const practice = client ? getPractice(tx, client.practiceId) : undefined;
  if (!client || !practice) {
    // Cannot happen while clients are never deleted; if it does, stop the ladder rather than spin on it.
    updateAlert(tx, alert.id, { escalateAt: null });
    return [];
  }
  const settings = settingsOf(practice);
  const ranks = backupRanks(tx, practice.id);
  const therapistAlias = getTherapist(tx, client.therapistId)?.alias ?? "?";
  const first = triggersOf(tx, alert.id)[0];
  const minutes = Math.round((now.getTime() - alert.openedAt.getTime()) / 60_000);
  // Whether the client actually got the crisis resources, as far as is known now.
  const replyState = crisisReplyState(tx, alert.id) ?? "sending";

  let level = alert.escalationLevel;
  let told: number[] = [];
  // Climb until someone is reached or the ladder runs out; then tell everyone on it, again.
  while (told.length === 0) {
    level += 1;
    const onLadder = level <= ranks.length;
    const recipients = onLadder
      ? backupsAtRank(tx, practice.id, ranks[level - 1] as number)
      : [client.therapistId, ...ranks.flatMap((rank) => backupsAtRank(tx, practice.id, rank))];
    told = notifyClinicians(
      tx,
      prompts,
      alert,
      recipients,
      {
        reason: "escalated",
        level,
        compose: (view) =>
          view.t("clinician.risk_escalated", {
            alert: alert.id,
            alias: client.alias,
            therapist: therapistAlias,
            trigger: view.trigger(first?.kind ?? alert.trigger),
            time: view.time(first?.at ?? alert.openedAt),
            minutes,
            reply: view.t(replyLineKey(replyState)),
          }),
      },
      now,
    );
    if (!onLadder) break;
  }
  updateAlert(tx, alert.id, {
    escalationLevel: level,
    escalatedAt: now,
    escalateAt: new Date(now.getTime() + settings.escalateAfterMinutes * 60_000),
  });
  audit(
    tx,
    {
      actor: "system",
      action: told.length > 0 ? "risk.escalated" : "risk.nobody_reachable",
      subject: `alert:${alert.id}`,
      detail: { level, told: told.join(",") },
    },
    now,
  );
  return told;
}

/** The tick's part: escalates every alert whose window has run out; returns how many. */
export function escalateDue(db: Db, prompts: Prompts, now: Date): { escalated: number; nobodyReachable: number } {
  const report = { escalated: 0, nobodyReachable: 0 };
  for (;;) {
    const due = alertsDueForEscalation(db, now, batchSize);
    for (const alert of due) {
      const told = db.transaction((tx) => escalateAlert(tx, prompts, alert, now));
      if (told.length > 0) report.escalated += 1;
      else report.nobodyReachable += 1;
    }
    if (due.length < batchSize) return report;
  }
}
