/**
 * The gentle next-day follow-up to a client who signalled risk: did they reach someone, and is there
 * anything their therapist should know. Sent once per risk alert, acknowledged or not, whatever the
 * client's check-in status: it is a safety message, not a check-in. Its answers are handled by the
 * engine (`engine/follow-up.ts`) and attached to the alert.
 */
import type { Db } from "../db/connection.js";
import { alertsDueForFollowUp, updateAlert } from "../db/repos/alerts.js";
import { audit } from "../db/repos/audit.js";
import { deliveryIdentityForClient } from "../db/repos/identities.js";
import { getClient } from "../db/repos/people.js";
import { isLocale, referenceLocale } from "../i18n/locales.js";
import { Outbound } from "../outbox/outbound.js";
import { priority } from "../outbox/queue.js";
import type { Prompts } from "../prompts/load.js";

export const followUpKeys = { reached: "r", notYet: "n", ratherNotSay: "x" } as const;
export const followUpAnswers: Record<string, "reached" | "not_yet" | "rather_not_say"> = {
  [followUpKeys.reached]: "reached",
  [followUpKeys.notYet]: "not_yet",
  [followUpKeys.ratherNotSay]: "rather_not_say",
};

const batchSize = 100;

/** Sends every follow-up that is due; returns how many were sent (not counting unreachable clients). */
export function sendDueFollowUps(db: Db, prompts: Prompts, now: Date): number {
  let sent = 0;
  for (;;) {
    const due = alertsDueForFollowUp(db, now, batchSize);
    for (const alert of due) {
      db.transaction((tx) => {
        updateAlert(tx, alert.id, { followUpSentAt: now });
        const client = getClient(tx, alert.clientId);
        const identity = client ? deliveryIdentityForClient(tx, client.id) : undefined;
        if (!client || !identity) {
          audit(tx, { actor: "system", action: "risk.follow_up_unreachable", subject: `alert:${alert.id}` }, now);
          return;
        }
        const locale = isLocale(client.locale) ? client.locale : referenceLocale;
        const t = (key: Parameters<typeof prompts.messages.t>[1]) => prompts.messages.t(locale, key);
        new Outbound(tx, now, `follow-up:${alert.id}`, priority.reply).ask(
          { platform: identity.platform, chatId: identity.chatId, identityId: identity.id },
          t("follow_up.ask"),
          [
            [{ key: followUpKeys.reached, label: t("follow_up.reached") }],
            [{ key: followUpKeys.notYet, label: t("follow_up.not_yet") }],
            [{ key: followUpKeys.ratherNotSay, label: t("follow_up.rather_not_say") }],
          ],
          { purpose: "follow_up", alertId: alert.id },
        );
        audit(tx, { actor: "system", action: "risk.follow_up_sent", subject: `alert:${alert.id}` }, now);
        sent += 1;
      });
    }
    if (due.length < batchSize) return sent;
  }
}
