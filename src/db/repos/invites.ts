/**
 * Invite codes and the per-sender failure counter that slows down code guessing.
 */
import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "../connection.js";
import { hashInviteCode, newInviteCode } from "../ids.js";
import { enrolmentAttempts, invites, type Platform } from "../schema.js";

export type InviteRow = typeof invites.$inferSelect;

/**
 * Creates an invite for a client or a therapist and returns the code (shown once, never stored).
 * Earlier unused codes for the same person are revoked, so only the newest code works.
 */
export function createInvite(
  db: DbOrTx,
  target: { clientId: number } | { therapistId: number },
  now: Date,
  ttlDays: number,
): { code: string; invite: InviteRow } {
  const targetCondition =
    "clientId" in target ? eq(invites.clientId, target.clientId) : eq(invites.therapistId, target.therapistId);
  db.update(invites)
    .set({ revokedAt: now })
    .where(and(targetCondition, isNull(invites.usedAt), isNull(invites.revokedAt)))
    .run();
  const code = newInviteCode();
  const invite = db
    .insert(invites)
    .values({
      ...target,
      codeHash: hashInviteCode(code),
      expiresAt: new Date(now.getTime() + ttlDays * 86_400_000),
      createdAt: now,
    })
    .returning()
    .get();
  return { code, invite };
}

/** Revokes a therapist's unused codes, so someone whose role has ended cannot link with an old one. */
export function revokeTherapistInvites(db: DbOrTx, therapistId: number, now: Date): number {
  return db
    .update(invites)
    .set({ revokedAt: now })
    .where(and(eq(invites.therapistId, therapistId), isNull(invites.usedAt), isNull(invites.revokedAt)))
    .run().changes;
}

/** The invite a code belongs to if it can still be used at `now`. */
export function findUsableInvite(db: DbOrTx, code: string, now: Date): InviteRow | undefined {
  const invite = db
    .select()
    .from(invites)
    .where(eq(invites.codeHash, hashInviteCode(code)))
    .get();
  if (!invite || invite.usedAt || invite.revokedAt || invite.expiresAt.getTime() <= now.getTime()) return undefined;
  return invite;
}

export function markInviteUsed(db: DbOrTx, id: number, now: Date): void {
  db.update(invites).set({ usedAt: now }).where(eq(invites.id, id)).run();
}

/** Failed attempts allowed in one window before a sender has to wait. */
export const enrolmentFailureLimit = 5;
export const enrolmentWindowMs = 15 * 60_000;

/** If the sender is currently blocked, the time the block ends. */
export function enrolmentBlockedUntil(
  db: DbOrTx,
  platform: Platform,
  platformUserId: string,
  now: Date,
): Date | undefined {
  const row = db
    .select()
    .from(enrolmentAttempts)
    .where(and(eq(enrolmentAttempts.platform, platform), eq(enrolmentAttempts.platformUserId, platformUserId)))
    .get();
  return row?.blockedUntil && row.blockedUntil.getTime() > now.getTime() ? row.blockedUntil : undefined;
}

/** Counts one failed attempt; returns the block's end if this failure crossed the limit. */
export function recordEnrolmentFailure(
  db: DbOrTx,
  platform: Platform,
  platformUserId: string,
  now: Date,
): Date | undefined {
  const key = and(eq(enrolmentAttempts.platform, platform), eq(enrolmentAttempts.platformUserId, platformUserId));
  const row = db.select().from(enrolmentAttempts).where(key).get();
  const windowOver = !row || now.getTime() - row.windowStartedAt.getTime() > enrolmentWindowMs;
  const failures = windowOver ? 1 : row.failures + 1;
  const blockedUntil = failures >= enrolmentFailureLimit ? new Date(now.getTime() + enrolmentWindowMs) : null;
  const values = { failures, windowStartedAt: windowOver ? now : row.windowStartedAt, blockedUntil };
  if (row) db.update(enrolmentAttempts).set(values).where(key).run();
  else
    db.insert(enrolmentAttempts)
      .values({ platform, platformUserId, ...values })
      .run();
  return blockedUntil ?? undefined;
}

export function clearEnrolmentFailures(db: DbOrTx, platform: Platform, platformUserId: string): void {
  db.delete(enrolmentAttempts)
    .where(and(eq(enrolmentAttempts.platform, platform), eq(enrolmentAttempts.platformUserId, platformUserId)))
    .run();
}
