/**
 * Keeping what clinicians are told about a crisis reply true. A risk alert is written in the same
 * transaction as the crisis reply, before anyone knows whether the reply will reach the client, so it
 * says "being sent now". When the send's outcome is known (the first attempt, a late success, or the
 * final failure) every notice of that alert still waiting in the outbox is rewritten to say what
 * happened, and a clinician who was already shown "being sent" or "retrying" gets one more line.
 * The reply's outbox row names its alert (src/outbox/crisis-key.ts).
 */
import { and, asc, eq, gte, isNotNull } from "drizzle-orm";
import type { DbOrTx, Tx } from "../db/connection.js";
import { getAlert } from "../db/repos/alerts.js";
import { audit } from "../db/repos/audit.js";
import { getClient } from "../db/repos/people.js";
import { alertNotifications } from "../db/schema.js";
import { alertOfCrisisKey, type CrisisOutcome, type CrisisReplyState, crisisKeyPrefix } from "../outbox/crisis-key.js";
import { crisisOutcomeCause } from "../outbox/notice-keys.js";
import { Outbound } from "../outbox/outbound.js";
import type { OutboundPayload } from "../outbox/payload.js";
import {
  getOutboxRow,
  type OutboxRow,
  outboxRowByKey,
  outboxRowsWithKeyPrefix,
  priority,
  setOutboxPayload,
} from "../outbox/queue.js";
import type { Prompts } from "../prompts/load.js";
import type { MessageKey } from "../prompts/message-keys.js";
import { mayAccessAlert } from "./alert-access.js";
import { clinicianText } from "./clinician-text.js";

const lineKeys: Record<CrisisReplyState, MessageKey> = {
  sending: "clinician.risk_reply_sending",
  retrying: "clinician.risk_reply_retrying",
  sent: "clinician.risk_reply_sent",
  failed: "clinician.risk_reply_failed",
};

/** The clinician's sentence for a state, e.g. "They have been sent the crisis resources." */
export function replyLineKey(state: CrisisReplyState): MessageKey {
  return lineKeys[state];
}

/** The state of a row as clinicians should hear it. */
function stateOfRow(row: OutboxRow): CrisisReplyState {
  if (row.status === "sent") return "sent";
  if (row.status === "failed" || row.status === "undeliverable") return "failed";
  return row.attempts > 0 ? "retrying" : "sending";
}

/** How the newest crisis reply of an alert stands (for an escalation written later); undefined: none recorded. */
export function crisisReplyState(db: DbOrTx, alertId: number): CrisisReplyState | undefined {
  const [newest] = outboxRowsWithKeyPrefix(db, crisisKeyPrefix(alertId));
  return newest ? stateOfRow(newest) : undefined;
}

/**
 * Tells the alert's clinicians how its crisis reply `row` ended (or that it is being retried), inside
 * the caller's transaction. Does nothing for rows that are not an alert's crisis reply.
 */
export function reportCrisisOutcome(tx: Tx, prompts: Prompts, row: OutboxRow, outcome: CrisisOutcome, now: Date): void {
  const alertId = alertOfCrisisKey(row.dedupeKey);
  const alert = alertId === undefined ? undefined : getAlert(tx, alertId);
  if (!alert) return;
  const alias = getClient(tx, alert.clientId)?.alias ?? `#${alert.clientId}`;
  // Notices written with this reply or after it speak of it; earlier ones spoke of an earlier reply.
  const notices = tx
    .select()
    .from(alertNotifications)
    .where(
      and(
        eq(alertNotifications.alertId, alert.id),
        isNotNull(alertNotifications.outboxId),
        gte(alertNotifications.at, row.createdAt),
      ),
    )
    .orderBy(asc(alertNotifications.id))
    .all();
  for (const notice of notices) {
    const noticeRow = getOutboxRow(tx, notice.outboxId as number);
    const view = clinicianText(tx, prompts, notice.therapistId);
    const payload = noticeRow?.payload as OutboundPayload | undefined;
    if (!noticeRow || !view || payload?.kind !== "message") continue;
    const { text } = payload;
    const unsettled = (["sending", "retrying"] as const).map((state) => view.t(replyLineKey(state)));
    const said = unsettled.find((line) => text.includes(line));
    if (said === undefined) continue;
    if (noticeRow.status === "pending") {
      // Not out yet: it leaves saying what actually happened.
      setOutboxPayload(tx, noticeRow.id, { ...payload, text: text.replace(said, view.t(replyLineKey(outcome))) });
      continue;
    }
    if (outcome === "retrying") continue;
    // A clinician whose role has ended since (hand-over, deactivation) hears nothing more of the client.
    if (!mayAccessAlert(tx, alert, notice.therapistId)) continue;
    const cause = crisisOutcomeCause(row.id, notice.id);
    if (outboxRowByKey(tx, `${cause}:1`)) continue;
    new Outbound(tx, now, cause, priority.reply).say(
      { platform: noticeRow.platform, chatId: noticeRow.chatId, identityId: noticeRow.identityId },
      view.t(outcome === "sent" ? "clinician.risk_reply_late_sent" : "clinician.risk_reply_late_failed", {
        alert: alert.id,
        alias,
        time: view.time(now),
      }),
    );
  }
  audit(
    tx,
    {
      actor: "system",
      action: `risk.reply_${outcome}`,
      subject: `alert:${alert.id}`,
      detail: { outbox: row.id, attempts: row.attempts },
    },
    now,
  );
}
