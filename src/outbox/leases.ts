/**
 * Leases on rows being sent. A worker marks a row `sending` under its own id with a lease, and renews
 * the leases of everything it is sending while it lives; a `sending` row whose lease has run out was
 * left by a worker that died mid-send, and any worker puts it back in the queue. The platform may or
 * may not have received it, so that costs at most one duplicate (sent with its dedupe key), and the
 * row is never lost.
 *
 * Timing: renewals come every `leaseMs / 4`, so a live worker's lease never runs out unless it cannot
 * reach the database (or its event loop stands still) for three renewals in a row; a dead worker's
 * rows go out again within `leaseMs` plus one renewal interval of its death. A chat's later rows wait
 * behind a leased row (queue.ts `sendableRows`), so a takeover keeps each chat's order.
 */
import { randomUUID } from "node:crypto";
import { and, eq, isNull, lt, or } from "drizzle-orm";
import type { DbOrTx } from "../db/connection.js";
import { outbox, type Platform } from "../db/schema.js";

/** Long enough that a slow send (grammY's 60 s timeout) is covered by renewals, short for a takeover. */
export const outboxLeaseMs = 60_000;

/** Who is sending a row, and until when nobody else may. */
export interface Lease {
  by: string;
  until: Date;
}

/** A new worker's id: random per process, so a restarted worker never mistakes old rows for its own. */
export function newWorkerId(): string {
  return randomUUID();
}

export function leaseFrom(workerId: string, now: Date, leaseMs = outboxLeaseMs): Lease {
  return { by: workerId, until: new Date(now.getTime() + leaseMs) };
}

/** Extends the lease of every row this worker is sending; returns how many. */
export function renewLeases(db: DbOrTx, lease: Lease): number {
  return db
    .update(outbox)
    .set({ leaseUntil: lease.until })
    .where(and(eq(outbox.status, "sending"), eq(outbox.claimedBy, lease.by)))
    .run().changes;
}

/**
 * Puts back in the queue the platform's `sending` rows whose lease ran out (a row with no lease at all
 * was left by a version before leases, by a crash). Returns how many.
 */
export function reclaimExpired(db: DbOrTx, platform: Platform, now: Date): number {
  return db
    .update(outbox)
    .set({ status: "pending", claimedBy: null, leaseUntil: null })
    .where(
      and(
        eq(outbox.platform, platform),
        eq(outbox.status, "sending"),
        or(isNull(outbox.leaseUntil), lt(outbox.leaseUntil, now)),
      ),
    )
    .run().changes;
}
