/**
 * When a platform refuses a client for good (bot blocked, DMs closed), check-ins silently stop
 * reaching them. The therapist must know: one `undeliverable` alert per client while it is open,
 * with a message to the therapist's linked chat.
 */
import { and, eq, isNull } from "drizzle-orm";
import type { Tx } from "../db/connection.js";
import { audit } from "../db/repos/audit.js";
import { deliveryIdentityForTherapist, getIdentity } from "../db/repos/identities.js";
import { getClient, getTherapist } from "../db/repos/people.js";
import { alerts } from "../db/schema.js";
import { isLocale, referenceLocale } from "../i18n/locales.js";
import { undeliverableNoticeCause } from "../outbox/notice-keys.js";
import { Outbound } from "../outbox/outbound.js";
import { priority } from "../outbox/queue.js";
import type { SafetyPrompts } from "../safety/safety-prompts.js";

export function raiseUndeliverable(tx: Tx, prompts: SafetyPrompts, identityId: number, now: Date): void {
  const identity = getIdentity(tx, identityId);
  const client = identity?.clientId ? getClient(tx, identity.clientId) : undefined;
  if (!identity || !client) return;
  const open = tx
    .select()
    .from(alerts)
    .where(and(eq(alerts.clientId, client.id), eq(alerts.kind, "undeliverable"), isNull(alerts.acknowledgedAt)))
    .get();
  if (open) return;
  const alert = tx
    .insert(alerts)
    .values({
      clientId: client.id,
      therapistId: client.therapistId,
      kind: "undeliverable",
      trigger: `${identity.platform}_refused`,
      openedAt: now,
    })
    .returning()
    .get();
  audit(
    tx,
    { actor: "system", action: "undeliverable.opened", subject: `alert:${alert.id}`, detail: { identity: identityId } },
    now,
  );

  const therapist = getTherapist(tx, client.therapistId);
  const destination = deliveryIdentityForTherapist(tx, client.therapistId);
  if (!therapist || !destination) return;
  const locale = therapist.locale && isLocale(therapist.locale) ? therapist.locale : referenceLocale;
  new Outbound(tx, now, undeliverableNoticeCause(alert.id), priority.reply).say(
    { platform: destination.platform, chatId: destination.chatId, identityId: destination.id },
    prompts.messages.t(locale, "clinician.undeliverable", { alias: client.alias, platform: identity.platform }),
  );
  tx.update(alerts).set({ notifiedAt: now }).where(eq(alerts.id, alert.id)).run();
}
