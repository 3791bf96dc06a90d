/**
 * Access that ends must also end for what is already on its way. When a clinician is deactivated, or
 * a client is moved away from them, the messages still queued for them (alert notices, follow-ups,
 * crisis-reply news, weekly summaries, replies to their commands) would otherwise go out afterwards,
 * carrying clients they may no longer see. Inside the same transaction as the change, those messages
 * are withdrawn (src/outbox/queue-withdrawal.ts, which also covers one being sent at that moment).
 *
 * Clinical safety comes first: an open risk alert whose notice is withdrawn is heard by whoever may
 * see it now, or climbs the ladder at once (readdress-alerts.ts). A withdrawn weekly summary is built
 * again at the next tick from the caseload as it now is (withdrawn-summaries.ts).
 */
import type { Tx } from "../db/connection.js";
import { listAlerts } from "../db/repos/alerts.js";
import { audit } from "../db/repos/audit.js";
import { identitiesOfTherapist } from "../db/repos/identities.js";
import type { ClientRow } from "../db/repos/people.js";
import { clientPictureMark, clientTexts, fragmentsOf, payloadMentions } from "../outbox/client-mentions.js";
import type { OutboxRow } from "../outbox/queue.js";
import { undeliveredToChats, withdrawRows } from "../outbox/queue-withdrawal.js";
import type { Prompts } from "../prompts/load.js";
import { alertsOfRows, readdressAlerts } from "./readdress-alerts.js";
import { isSummaryFor, rebuildWithdrawnSummaries } from "./withdrawn-summaries.js";

const reason = "withdrawn: the clinician's access ended";

/** Everything not yet delivered to the clinician's chats. Read while their accounts are still linked. */
function undeliveredTo(tx: Tx, therapistId: number): OutboxRow[] {
  const chats = identitiesOfTherapist(tx, therapistId).map(({ platform, chatId }) => ({ platform, chatId }));
  return undeliveredToChats(tx, chats);
}

/**
 * At a hand-over: what the former therapist still has queued about the client. That is the notices of
 * the client's alerts, the weekly summaries (built from a caseload that held the client), and any
 * other message that names or quotes them (a /summary or /alerts reply, a chart).
 */
export function withdrawQueuedAboutClient(
  tx: Tx,
  prompts: Prompts,
  therapistId: number,
  client: ClientRow,
  now: Date,
): number {
  const queued = undeliveredTo(tx, therapistId);
  if (queued.length === 0) return 0;
  const clientAlerts = new Set(listAlerts(tx, { clientId: client.id }).map((alert) => alert.id));
  const alertOf = alertsOfRows(tx, queued);
  const marks = {
    words: [client.alias, clientPictureMark(client.id)],
    phrases: clientTexts(tx, client.id).flatMap(fragmentsOf),
  };
  const about = queued.filter(
    (row) =>
      clientAlerts.has(alertOf.get(row.id)?.alertId ?? -1) ||
      isSummaryFor(row, therapistId) ||
      payloadMentions(row.payload, marks),
  );
  return withdraw(tx, prompts, therapistId, about, { client: client.id }, now);
}

/** At deactivation: everything still queued for the clinician. Call it before their chats are unlinked. */
export function withdrawAllQueuedFor(tx: Tx, prompts: Prompts, therapistId: number, now: Date): number {
  return withdraw(tx, prompts, therapistId, undeliveredTo(tx, therapistId), { client: null }, now);
}

function withdraw(
  tx: Tx,
  prompts: Prompts,
  therapistId: number,
  rows: OutboxRow[],
  about: { client: number | null },
  now: Date,
): number {
  const ids = new Set(
    withdrawRows(
      tx,
      rows.map((row) => row.id),
      reason,
    ),
  );
  if (ids.size === 0) return 0;
  const withdrawn = rows.filter((row) => ids.has(row.id));
  const escalated = readdressAlerts(tx, prompts, withdrawn, now);
  const summaries = rebuildWithdrawnSummaries(tx, therapistId, withdrawn);
  audit(
    tx,
    {
      actor: "system",
      action: "outbox.withdrawn",
      subject: `therapist:${therapistId}`,
      detail: { messages: ids.size, client: about.client, summaries, escalated: escalated.join(",") },
    },
    now,
  );
  return ids.size;
}
