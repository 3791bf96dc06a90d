/**
 * The outbox table: every outbound message is a row, written in the same transaction as the state
 * change that caused it, and later sent by the dispatcher.
 */
import { and, asc, desc, eq, inArray, lt, lte, notExists, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { DbOrTx } from "../db/connection.js";
import { prepared } from "../db/prepared.js";
import { outbox, type Platform } from "../db/schema.js";
import type { Lease } from "./leases.js";
import type { OutboundPayload } from "./payload.js";

export type OutboxRow = typeof outbox.$inferSelect;

/** Replies to something the person just did go before bulk scheduled sends. */
export const priority = { reply: 0, scheduled: 1 } as const;

export function enqueue(
  db: DbOrTx,
  input: {
    platform: Platform;
    chatId: string;
    identityId: number | null;
    payload: OutboundPayload;
    priority: number;
    dedupeKey: string;
    /**
     * "sending": the worker holding `lease` sends this row itself straight after the commit (the
     * crisis reply); the dispatchers leave it alone unless that worker dies, and then re-send it.
     */
    status?: "pending" | "sending";
    lease?: Lease;
  },
  now: Date,
): OutboxRow {
  const status = input.status ?? "pending";
  const lease = status === "sending" ? input.lease : undefined;
  if (status === "sending" && !lease) throw new Error("outbox: a row written as sending needs its sender's lease");
  const claimedAt = lease ? now : null;
  const inserted = prepared(db, "outbox.insert", (d) =>
    d
      .insert(outbox)
      .values({
        platform: sql.placeholder("platform"),
        chatId: sql.placeholder("chatId"),
        identityId: sql.placeholder("identityId"),
        payload: sql.placeholder("payload"),
        priority: sql.placeholder("priority"),
        dedupeKey: sql.placeholder("dedupeKey"),
        status: sql.placeholder("status"),
        claimedAt: sql`${sql.placeholder("claimedAt")}`,
        claimedBy: sql.placeholder("claimedBy"),
        leaseUntil: sql`${sql.placeholder("leaseUntil")}`,
        nextAttemptAt: sql.placeholder("nextAttemptAt"),
        createdAt: sql.placeholder("createdAt"),
      })
      .prepare(),
  ).run({
    platform: input.platform,
    chatId: input.chatId,
    identityId: input.identityId,
    payload: input.payload,
    priority: input.priority,
    dedupeKey: input.dedupeKey,
    status,
    claimedAt: claimedAt?.getTime() ?? null,
    claimedBy: lease?.by ?? null,
    leaseUntil: lease?.until.getTime() ?? null,
    nextAttemptAt: now,
    createdAt: now,
  });
  // Built from what was written rather than read back with RETURNING: every message sent passes
  // here, and mapping the returned row (its JSON payload parsed again) cost more than the insert.
  // `satisfies` keeps it complete if the table grows a column; the zeros and nulls are the columns'
  // defaults for a new row.
  return {
    id: Number(inserted.lastInsertRowid),
    platform: input.platform,
    chatId: input.chatId,
    identityId: input.identityId,
    payload: input.payload,
    priority: input.priority,
    status,
    attempts: 0,
    nextAttemptAt: now,
    lastError: null,
    platformMessageId: null,
    dedupeKey: input.dedupeKey,
    createdAt: now,
    claimedAt,
    claimedBy: lease?.by ?? null,
    leaseUntil: lease?.until ?? null,
    sentAt: null,
  } satisfies OutboxRow;
}

const earlier = alias(outbox, "earlier");

/**
 * Rows that may be sent now: due, pending, and the oldest unsent row of their chat (so a chat always
 * sees its messages in order, and a row waiting for a retry holds back the chat's later rows).
 * Replies come before scheduled sends, then oldest first.
 */
export function sendableRows(db: DbOrTx, platform: Platform, now: Date, limit: number): OutboxRow[] {
  return db
    .select()
    .from(outbox)
    .where(
      and(
        eq(outbox.platform, platform),
        eq(outbox.status, "pending"),
        lte(outbox.nextAttemptAt, now),
        notExists(
          db
            .select({ id: earlier.id })
            .from(earlier)
            .where(
              and(
                eq(earlier.platform, outbox.platform),
                eq(earlier.chatId, outbox.chatId),
                inArray(earlier.status, ["pending", "sending"]),
                lt(earlier.id, outbox.id),
              ),
            ),
        ),
      ),
    )
    .orderBy(asc(outbox.priority), asc(outbox.id))
    .limit(limit)
    .all();
}

export function getOutboxRow(db: DbOrTx, id: number): OutboxRow | undefined {
  return prepared(db, "outbox.get", (d) =>
    d
      .select()
      .from(outbox)
      .where(eq(outbox.id, sql.placeholder("id")))
      .prepare(),
  ).get({ id });
}

/**
 * Claims a pending row for sending under `lease`; false if another dispatcher (another worker) got it
 * first. A crash before `markSent` leaves the row `sending` until the lease runs out (leases.ts).
 */
export function claim(db: DbOrTx, id: number, now: Date, lease: Lease): boolean {
  const claimed = db
    .update(outbox)
    .set({ status: "sending", claimedAt: now, claimedBy: lease.by, leaseUntil: lease.until })
    .where(and(eq(outbox.id, id), eq(outbox.status, "pending")))
    .returning({ id: outbox.id })
    .all();
  return claimed.length === 1;
}

/**
 * What a row that carried a secret keeps once it is final: the platform has the message (or never
 * will), and a copy of the database must not be able to link an account with an invite's code.
 */
export const forgottenSecretPayload = {
  kind: "message",
  text: "(an invite: its code is not kept once the message is sent)",
} as const satisfies OutboundPayload;

/** The payload a row keeps as it becomes final: its own, unless it is marked as carrying a secret. */
const payloadOnceFinal = sql`case when json_extract(${outbox.payload}, '$.secret') = 1
  then ${JSON.stringify(forgottenSecretPayload)} else ${outbox.payload} end`;

export function markSent(db: DbOrTx, id: number, platformMessageId: string | null, now: Date, attempts?: number): void {
  db.update(outbox)
    .set({
      status: "sent",
      platformMessageId,
      sentAt: now,
      payload: payloadOnceFinal,
      ...(attempts === undefined ? {} : { attempts }),
    })
    .where(eq(outbox.id, id))
    .run();
}

/**
 * Puts a row that was being sent back in the queue; false if it was withdrawn meanwhile (its reader
 * lost access while it was in flight), which must never bring it back.
 */
export function markRetry(db: DbOrTx, id: number, attempts: number, nextAttemptAt: Date, error: string): boolean {
  return (
    db
      .update(outbox)
      .set({ status: "pending", attempts, nextAttemptAt, lastError: error, claimedBy: null, leaseUntil: null })
      .where(and(eq(outbox.id, id), eq(outbox.status, "sending")))
      .run().changes === 1
  );
}

export function markFinal(
  db: DbOrTx,
  id: number,
  status: "failed" | "undeliverable",
  error: string,
  attempts?: number,
): void {
  // A withdrawn row stays withdrawn: that says why it never arrived.
  db.update(outbox)
    .set({ status, lastError: error, payload: payloadOnceFinal, ...(attempts === undefined ? {} : { attempts }) })
    .where(and(eq(outbox.id, id), inArray(outbox.status, ["pending", "sending"])))
    .run();
}

/**
 * Rows left `sending` by a crash go back to `pending`: the platform may or may not have received
 * them, and a possible duplicate is better than a lost message. Only a worker that knows it is the
 * only one may do this at start-up (every `sending` row is then its dead predecessor's); with several
 * workers, rows wait for their lease to run out instead. Returns how many.
 */
export function requeueInterrupted(db: DbOrTx, platform: Platform): number {
  return db
    .update(outbox)
    .set({ status: "pending", claimedBy: null, leaseUntil: null })
    .where(and(eq(outbox.platform, platform), eq(outbox.status, "sending")))
    .returning({ id: outbox.id })
    .all().length;
}

/** Replaces a row's payload (a clinician's alert that has not gone out yet, told how a crisis send ended). */
export function setOutboxPayload(db: DbOrTx, id: number, payload: OutboundPayload): void {
  db.update(outbox).set({ payload }).where(eq(outbox.id, id)).run();
}

/** Records a failed attempt on a row that stays `sending` (a direct send that is still being retried). */
export function markAttempt(db: DbOrTx, id: number, attempts: number, error: string): void {
  db.update(outbox).set({ attempts, lastError: error }).where(eq(outbox.id, id)).run();
}

export function outboxRowByKey(db: DbOrTx, dedupeKey: string): OutboxRow | undefined {
  return db.select().from(outbox).where(eq(outbox.dedupeKey, dedupeKey)).get();
}

/** Rows whose dedupe key starts with `prefix` (the crisis replies of one alert), newest first. */
export function outboxRowsWithKeyPrefix(db: DbOrTx, prefix: string): OutboxRow[] {
  const pattern = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .select()
    .from(outbox)
    .where(sql`${outbox.dedupeKey} LIKE ${pattern} ESCAPE '\\'`)
    .orderBy(desc(outbox.id))
    .all();
}
