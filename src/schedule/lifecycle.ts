/**
 * What happens to a sent check-in as time passes: one reminder if the client has not started it,
 * and expiry after the practice's window, keeping whatever was answered.
 */
import { and, eq, isNull, lte } from "drizzle-orm";
import type { Db } from "../db/connection.js";
import { audit } from "../db/repos/audit.js";
import { closeOccurrence, updateOccurrence } from "../db/repos/checkins.js";
import { deliveryIdentityForClient } from "../db/repos/identities.js";
import { listPractices } from "../db/repos/people.js";
import { clients, occurrences, outbox } from "../db/schema.js";
import { isLocale, referenceLocale } from "../i18n/locales.js";
import { Outbound } from "../outbox/outbound.js";
import { priority } from "../outbox/queue.js";
import { settingsOf } from "../practice/settings.js";
import type { Prompts } from "../prompts/load.js";

/** Closes open check-ins older than the practice's expiry window; returns how many. */
export function expireStale(db: Db, now: Date): number {
  let expired = 0;
  for (const practice of listPractices(db)) {
    const settings = settingsOf(practice);
    const expireBefore = new Date(now.getTime() - settings.expireAfterMinutes * 60_000);
    const stale = db
      .select({ id: occurrences.id, clientId: occurrences.clientId })
      .from(occurrences)
      .innerJoin(clients, eq(clients.id, occurrences.clientId))
      .where(
        and(
          eq(occurrences.status, "open"),
          lte(occurrences.createdAt, expireBefore),
          eq(clients.practiceId, practice.id),
        ),
      )
      .all();
    for (const row of stale) {
      db.transaction((tx) => {
        closeOccurrence(tx, row.id, "expired", now);
        audit(tx, { actor: "system", action: "occurrence.expired", subject: `occurrence:${row.id}` }, now);
      });
      expired += 1;
    }
  }
  return expired;
}

/** Sends the one reminder for check-ins nobody has touched since they went out; returns how many. */
export function remindUntouched(db: Db, prompts: Prompts, now: Date): number {
  let reminded = 0;
  for (const practice of listPractices(db)) {
    const settings = settingsOf(practice);
    if (settings.reminderAfterMinutes === 0) continue;
    // Counted from when the first question actually left, not from when it was queued.
    const remindBefore = new Date(now.getTime() - settings.reminderAfterMinutes * 60_000);
    const untouched = db
      .select({ id: occurrences.id, clientId: occurrences.clientId, locale: clients.locale })
      .from(occurrences)
      .innerJoin(clients, eq(clients.id, occurrences.clientId))
      .innerJoin(outbox, eq(outbox.id, occurrences.firstOutboxId))
      .where(
        and(
          eq(occurrences.status, "open"),
          isNull(occurrences.remindedAt),
          isNull(occurrences.firstAnswerAt),
          eq(clients.practiceId, practice.id),
          eq(clients.status, "active"),
          lte(outbox.sentAt, remindBefore),
        ),
      )
      .all();
    for (const row of untouched) {
      db.transaction((tx) => {
        updateOccurrence(tx, row.id, { remindedAt: now });
        const identity = deliveryIdentityForClient(tx, row.clientId);
        if (!identity) return;
        const locale = isLocale(row.locale) ? row.locale : referenceLocale;
        new Outbound(tx, now, `remind:${row.id}`, priority.scheduled).say(
          { platform: identity.platform, chatId: identity.chatId, identityId: identity.id },
          prompts.messages.t(locale, "checkin.reminder"),
        );
      });
      reminded += 1;
    }
  }
  return reminded;
}
