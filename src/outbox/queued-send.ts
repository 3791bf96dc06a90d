/**
 * Sending one queued row. The row is claimed (`sending`) before it is handed to the platform and marked
 * `sent` after, so a crash in between re-sends it after restart or once its lease runs out (see
 * startup-recovery.ts and leases.ts); a row that cannot or must not go is given up without calling
 * the platform.
 */
import { getIdentity } from "../db/repos/identities.js";
import type { Lease } from "./leases.js";
import type { Registered } from "./pacing.js";
import { outboundPayloadSchema } from "./payload.js";
import { claim, getOutboxRow, markFinal, markSent, type OutboxRow } from "./queue.js";
import { type FailureDeps, recordSendFailure } from "./send-failure.js";
import { type OutcomeContext, reportCrisis } from "./send-outcome.js";

/** What one drain did, row by row. */
export interface DrainReport {
  sent: number;
  retried: number;
  failed: number;
  undeliverable: number;
}

export interface QueuedSendDeps extends OutcomeContext {
  retry: FailureDeps["retry"];
  /** The lease this worker claims rows under (leases.ts). */
  leaseFor: (now: Date) => Lease;
}

export async function sendQueued(
  deps: QueuedSendDeps,
  { sender, limiter }: Registered,
  row: OutboxRow,
  report: DrainReport,
): Promise<void> {
  const { db, clock, logger } = deps;
  const parsed = outboundPayloadSchema.safeParse(row.payload);
  if (!parsed.success) {
    markFinal(db, row.id, "failed", "payload does not match the outbound schema");
    logger.error({ outboxId: row.id }, "outbox row has an invalid payload");
    report.failed += 1;
    return;
  }
  const payload = parsed.data;
  let editTarget: string | undefined;
  if (payload.kind === "edit") {
    editTarget = getOutboxRow(db, payload.targetOutboxId)?.platformMessageId ?? undefined;
    if (!editTarget) {
      // The message to edit never went out; there is nothing on screen to change.
      markFinal(db, row.id, "failed", "edit target was never sent");
      report.failed += 1;
      return;
    }
  }
  if (row.identityId !== null && getIdentity(db, row.identityId)?.undeliverable) {
    // The platform already refused this account for good: asking again only earns a ban.
    markFinal(db, row.id, "undeliverable", "identity is undeliverable");
    report.undeliverable += 1;
    return;
  }
  const now = clock.now();
  if (!claim(db, row.id, now, deps.leaseFor(now))) return;
  try {
    if (payload.kind === "message") {
      const { messageId } = await sender.send(row.chatId, payload, { dedupeKey: row.dedupeKey });
      db.transaction((tx) => {
        markSent(tx, row.id, messageId, clock.now());
        reportCrisis(deps, tx, { ...row, attempts: row.attempts + 1 }, "sent");
      });
    } else {
      await sender.edit(row.chatId, editTarget as string, payload.text);
      markSent(db, row.id, null, clock.now());
    }
    report.sent += 1;
  } catch (error) {
    recordSendFailure(
      {
        db,
        now: clock.now(),
        logger,
        retry: deps.retry,
        onUndeliverable: deps.onUndeliverable,
        reportCrisis: (tx, failed, outcome) => reportCrisis(deps, tx, failed, outcome),
      },
      { limiter, row, error, report },
    );
  }
}
