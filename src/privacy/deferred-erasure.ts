/**
 * Erasures a client asked for while a risk alert was open. They were told their data would be deleted
 * once their therapist had followed up; this keeps that promise on the minute tick, as soon as no
 * risk alert of theirs is unacknowledged. A client who came back in the meantime (a new invite) has
 * withdrawn the request by doing so: they are asked again the next time they stop.
 */
import type { Db, Tx } from "../db/connection.js";
import { audit } from "../db/repos/audit.js";
import { clientsAwaitingErasure, withdrawErasureRequest } from "../db/repos/erasures.js";
import { deliveryIdentityForClient } from "../db/repos/identities.js";
import { getClient } from "../db/repos/people.js";
import { isLocale, referenceLocale } from "../i18n/locales.js";
import { Outbound } from "../outbox/outbound.js";
import { priority } from "../outbox/queue.js";
import type { Prompts } from "../prompts/load.js";
import { eraseClient, openRiskAlertIds } from "./erase.js";

export interface DeferredErasureReport {
  erased: number;
  failed: number;
}

/** Each client in its own transaction, so one that cannot be erased never holds up the others. */
export function eraseWhenSafe(db: Db, prompts: Prompts, now: Date): DeferredErasureReport {
  const report: DeferredErasureReport = { erased: 0, failed: 0 };
  for (const clientId of clientsAwaitingErasure(db)) {
    try {
      if (db.transaction((tx) => eraseOne(tx, prompts, clientId, now))) report.erased += 1;
    } catch {
      report.failed += 1;
    }
  }
  return report;
}

function eraseOne(tx: Tx, prompts: Prompts, clientId: number, now: Date): boolean {
  const client = getClient(tx, clientId);
  if (!client) return false;
  const subject = `client:${clientId}` as const;
  if (client.status !== "stopped") {
    withdrawErasureRequest(tx, clientId);
    audit(tx, { actor: "system", action: "client.erasure_withdrawn", subject }, now);
    return false;
  }
  if (openRiskAlertIds(tx, clientId).length > 0) return false;
  // Read before erasing: afterwards nothing says where this client could be reached.
  const account = deliveryIdentityForClient(tx, clientId);
  const locale = isLocale(client.locale) ? client.locale : referenceLocale;
  const result = eraseClient(tx, { clientId, actor: subject }, now);
  if (result.status !== "erased") return false;
  if (account) {
    new Outbound(tx, now, `erasure:${result.erasureId}`, priority.reply).say(
      { platform: account.platform, chatId: account.chatId, identityId: null },
      prompts.messages.t(locale, "erasure.done"),
    );
  }
  return true;
}
