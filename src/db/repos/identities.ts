/**
 * Platform accounts. An account is found only by (platform, platform user id): never by a username
 * or display name, which anyone can change to impersonate someone.
 */
import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../connection.js";
import { prepared } from "../prepared.js";
import { identities, type Platform, practices, therapists } from "../schema.js";

export type IdentityRow = typeof identities.$inferSelect;

// Both run for every inbound event and outbound message: prepared once per connection (B1).
export function findIdentity(db: DbOrTx, platform: Platform, platformUserId: string): IdentityRow | undefined {
  return prepared(db, "identity.find", (d) =>
    d
      .select()
      .from(identities)
      .where(
        and(
          eq(identities.platform, sql.placeholder("platform")),
          eq(identities.platformUserId, sql.placeholder("platformUserId")),
        ),
      )
      .prepare(),
  ).get({ platform, platformUserId });
}

export function getIdentity(db: DbOrTx, id: number): IdentityRow | undefined {
  return prepared(db, "identity.get", (d) =>
    d
      .select()
      .from(identities)
      .where(eq(identities.id, sql.placeholder("id")))
      .prepare(),
  ).get({ id });
}

export function createIdentity(
  db: DbOrTx,
  input: { platform: Platform; platformUserId: string; chatId: string; clientId?: number; therapistId?: number },
  now: Date,
): IdentityRow {
  return db
    .insert(identities)
    .values({ ...input, createdAt: now })
    .returning()
    .get();
}

/** Points an account at another client or therapist (a stopped client re-invited). */
export function relinkIdentity(
  db: DbOrTx,
  id: number,
  target: { clientId: number | null; therapistId: number | null; chatId: string },
): IdentityRow {
  return db
    .update(identities)
    .set({ ...target, undeliverable: false })
    .where(eq(identities.id, id))
    .returning()
    .get() as IdentityRow;
}

/** The account a client's check-ins go to: the most recently linked one that still accepts messages. */
export function deliveryIdentityForClient(db: DbOrTx, clientId: number): IdentityRow | undefined {
  return prepared(db, "identity.forClient", (d) =>
    d
      .select()
      .from(identities)
      .where(and(eq(identities.clientId, sql.placeholder("clientId")), eq(identities.undeliverable, false)))
      .orderBy(desc(identities.id))
      .prepare(),
  ).get({ clientId });
}

export function deliveryIdentityForTherapist(db: DbOrTx, therapistId: number): IdentityRow | undefined {
  return db
    .select()
    .from(identities)
    .where(and(eq(identities.therapistId, therapistId), eq(identities.undeliverable, false)))
    .orderBy(desc(identities.id))
    .get();
}

/**
 * The chats of therapists' accounts on a platform, whether the therapist is active, and the language
 * to speak there (the therapist's, else the practice's): where a clinicians' command menu belongs.
 */
export function therapistChats(
  db: DbOrTx,
  platform: Platform,
): Array<{ chatId: string; locale: string; active: boolean }> {
  return db
    .select({
      chatId: identities.chatId,
      locale: sql<string>`coalesce(${therapists.locale}, ${practices.locale})`,
      active: therapists.active,
    })
    .from(identities)
    .innerJoin(therapists, eq(therapists.id, identities.therapistId))
    .innerJoin(practices, eq(practices.id, therapists.practiceId))
    .where(eq(identities.platform, platform))
    .all();
}

/** Every account linked to a therapist, deliverable or not. */
export function identitiesOfTherapist(db: DbOrTx, therapistId: number): IdentityRow[] {
  return db.select().from(identities).where(eq(identities.therapistId, therapistId)).orderBy(asc(identities.id)).all();
}

/**
 * Forgets a therapist's accounts: their chats become unknown senders again. Outbox rows keep their
 * chat and lose only the link (the schema sets it to null).
 */
export function deleteTherapistIdentities(db: DbOrTx, therapistId: number): number {
  return db.delete(identities).where(eq(identities.therapistId, therapistId)).run().changes;
}

export function setUndeliverable(db: DbOrTx, id: number, undeliverable: boolean): void {
  db.update(identities).set({ undeliverable }).where(eq(identities.id, id)).run();
}
