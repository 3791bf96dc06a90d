/**
 * What happens the moment a client signals risk. Step 1 keeps the essentials: the client gets the
 * crisis reply at once, an alert row is opened (or the open one is reused, so repeats are not lost),
 * the responsible therapist is told right away, and every transition is audited. A client can never
 * close an alert; only a clinician will (step 5, with escalation and follow-up).
 */
import { and, eq, isNull } from "drizzle-orm";
import { audit } from "../db/repos/audit.js";
import { deliveryIdentityForTherapist } from "../db/repos/identities.js";
import { getTherapist } from "../db/repos/people.js";
import { alerts } from "../db/schema.js";
import { isLocale, referenceLocale } from "../i18n/locales.js";
import { crisisResourceLines } from "./crisis-resources.js";
import { type ClientTurn, reply } from "./turn.js";

export type RiskTrigger = "risk_item";

export function raiseRiskAlert(turn: ClientTurn, cause: { occurrenceId: number; trigger: RiskTrigger }): void {
  const { tx, now, client } = turn;
  reply(turn, "crisis.reply", { resources: crisisResourceLines(turn, turn.practice) });

  const open = tx
    .select()
    .from(alerts)
    .where(and(eq(alerts.clientId, client.id), eq(alerts.kind, "risk"), isNull(alerts.acknowledgedAt)))
    .get();
  if (open) {
    audit(
      tx,
      {
        actor: `client:${client.id}`,
        action: "risk.repeated",
        subject: `alert:${open.id}`,
        detail: { trigger: cause.trigger },
      },
      now,
    );
    return;
  }
  const alert = tx
    .insert(alerts)
    .values({
      clientId: client.id,
      therapistId: client.therapistId,
      kind: "risk",
      trigger: cause.trigger,
      occurrenceId: cause.occurrenceId,
      openedAt: now,
    })
    .returning()
    .get();
  audit(
    tx,
    {
      actor: `client:${client.id}`,
      action: "risk.opened",
      subject: `alert:${alert.id}`,
      detail: { trigger: cause.trigger },
    },
    now,
  );

  const therapist = getTherapist(tx, client.therapistId);
  const destination = deliveryIdentityForTherapist(tx, client.therapistId);
  if (!therapist || !destination) {
    audit(tx, { actor: "system", action: "risk.therapist_unreachable", subject: `alert:${alert.id}` }, now);
    return;
  }
  const locale = therapist.locale && isLocale(therapist.locale) ? therapist.locale : referenceLocale;
  const message = turn.prompts.messages.t(locale, "clinician.risk_alert", {
    alert: alert.id,
    alias: client.alias,
    time: `${now.toISOString().slice(0, 16).replace("T", " ")} UTC`,
  });
  turn.out.say({ platform: destination.platform, chatId: destination.chatId, identityId: destination.id }, message);
  tx.update(alerts).set({ notifiedAt: now }).where(eq(alerts.id, alert.id)).run();
  audit(tx, { actor: "system", action: "risk.therapist_notified", subject: `alert:${alert.id}` }, now);
}
