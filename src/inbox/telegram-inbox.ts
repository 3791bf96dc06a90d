/**
 * Storage of the Telegram webhook inbox (table `telegram_inbox`): every statement the inbox runs is
 * here, so moving the inbox to another store changes this file only. Each chat's updates form a queue
 * handled strictly in update-id order: only the oldest unfinished update of a chat can be claimed,
 * and a claim is one conditional UPDATE, so two workers (or two drains in one process) can never hold
 * the same update, nor two updates of one chat, at once.
 */
import { type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/connection.js";
import { prepared } from "../db/prepared.js";
import { telegramInbox } from "../db/schema.js";
import type { Logger } from "../logger.js";

/** A chat's queue, or an update that belongs to no chat, which is a queue of its own. */
export type InboxQueue = { chatId: string } | { updateId: number };

/** What accept stores: the update's id, its chat (if any) and the update as JSON. */
export interface IncomingUpdate {
  updateId: number;
  chatId: string | null;
  payload: string;
}

/** A claimed update: the claimer handles it, then marks it handled or releases it. */
export interface ClaimedUpdate {
  updateId: number;
  payload: string;
  /** Including this one. */
  attempts: number;
}

/** A failed update waits this long × its attempts before it can be claimed again. */
export const retryBackoffMs = 5_000;

/** Stored once the update is finished: the client's words do not outlive their handling. */
const emptiedPayload = "";

/** Rows still to be handled (neither handled nor given up): what the partial index covers. */
const waiting = sql`${telegramInbox.handledAt} is null and ${telegramInbox.givenUpAt} is null`;

/** Free to claim at `now`: no live lease and past its backoff. */
const claimableAt = sql`(${telegramInbox.claimedUntil} is null or ${telegramInbox.claimedUntil} <= ${sql.placeholder("now")})
  and ${telegramInbox.nextAttemptAt} <= ${sql.placeholder("now")}`;

/** Handled or given-up rows finished before `cutoffMs`: what retention deletes. */
export function finishedInboxRowsBefore(cutoffMs: number): SQL {
  return sql`coalesce(telegram_inbox.handled_at, telegram_inbox.given_up_at) < ${cutoffMs}`;
}

/**
 * Removes every inbox row of these Telegram chats (a client's erasure): waiting ones still hold their
 * words, and finished ones, already emptied, would still say when they wrote. Returns how many.
 */
export function removeInboxRowsOfChats(db: DbOrTx, chatIds: string[]): number {
  if (chatIds.length === 0) return 0;
  return prepared(db, "telegramInbox.removeChats", (d) =>
    d
      .delete(telegramInbox)
      .where(sql`${telegramInbox.chatId} in (select value from json_each(${sql.placeholder("chats")}))`)
      .prepare(),
  ).run({ chats: JSON.stringify(chatIds) }).changes;
}

export class TelegramInbox {
  constructor(
    private readonly db: DbOrTx,
    private readonly logger: Logger,
  ) {}

  /** The connection, for callers that set how long it waits for another writer (withBusyTimeout). */
  get database(): DbOrTx {
    return this.db;
  }

  /** Stores a new update; false if its id is already here (Telegram re-delivered it), which changes nothing. */
  accept(update: IncomingUpdate, now: Date): boolean {
    const inserted = prepared(this.db, "telegramInbox.accept", (d) =>
      d
        .insert(telegramInbox)
        .values({
          updateId: sql.placeholder("updateId"),
          chatId: sql.placeholder("chatId"),
          payload: sql.placeholder("payload"),
          receivedAt: sql.placeholder("now"),
          nextAttemptAt: sql.placeholder("now"),
        })
        .onConflictDoNothing()
        .returning({ updateId: telegramInbox.updateId })
        .prepare(),
    ).all({ ...update, now });
    return inserted.length === 1;
  }

  /**
   * Claims the queue's oldest unfinished update for `leaseMs`, if it is claimable now; undefined if the
   * queue is empty, its oldest update is held by someone else, or it is waiting out a backoff. A later
   * update of the same chat is never claimed while an earlier one is unfinished.
   */
  claimNext(queue: InboxQueue, now: Date, leaseMs: number): ClaimedUpdate | undefined {
    const params = { now: now.getTime(), until: now.getTime() + leaseMs };
    if ("chatId" in queue) {
      return prepared(this.db, "telegramInbox.claimOldestOfChat", (d) =>
        d
          .update(telegramInbox)
          .set({ attempts: sql`${telegramInbox.attempts} + 1`, claimedUntil: sql`${sql.placeholder("until")}` })
          .where(
            sql`${telegramInbox.updateId} = (select update_id from telegram_inbox
              where chat_id = ${sql.placeholder("chatId")} and ${waiting} order by update_id limit 1)
              and ${claimableAt}`,
          )
          .returning({
            updateId: telegramInbox.updateId,
            payload: telegramInbox.payload,
            attempts: telegramInbox.attempts,
          })
          .prepare(),
      ).get({ ...params, chatId: queue.chatId });
    }
    return prepared(this.db, "telegramInbox.claimChatless", (d) =>
      d
        .update(telegramInbox)
        .set({ attempts: sql`${telegramInbox.attempts} + 1`, claimedUntil: sql`${sql.placeholder("until")}` })
        .where(
          sql`${telegramInbox.updateId} = ${sql.placeholder("updateId")} and ${telegramInbox.chatId} is null
            and ${waiting} and ${claimableAt}`,
        )
        .returning({
          updateId: telegramInbox.updateId,
          payload: telegramInbox.payload,
          attempts: telegramInbox.attempts,
        })
        .prepare(),
    ).get({ ...params, updateId: queue.updateId });
  }

  /** The update was handled: it is finished and its payload emptied. */
  markHandled(updateId: number, now: Date): void {
    this.finish(updateId, now, "handledAt");
  }

  /** The handling failed: the update may be claimed again after 5 s × its attempts so far. */
  releaseForRetry(updateId: number, attempts: number, now: Date): void {
    prepared(this.db, "telegramInbox.release", (d) =>
      d
        .update(telegramInbox)
        .set({ claimedUntil: null, nextAttemptAt: sql`${sql.placeholder("next")}` })
        .where(sql`${telegramInbox.updateId} = ${sql.placeholder("updateId")}`)
        .prepare(),
    ).run({ updateId, next: now.getTime() + retryBackoffMs * attempts });
  }

  /**
   * The update failed too often: it is finished without being handled, so the chat's later updates
   * can go on, and its payload is emptied. Logged with its id and attempts only, never its content.
   */
  markGivenUp(updateId: number, attempts: number, now: Date): void {
    this.finish(updateId, now, "givenUpAt");
    this.logger.warn({ updateId, attempts }, "telegram update given up after repeated failures");
  }

  /** Every queue with an unfinished update (claimable or not), oldest first. */
  queuesWaiting(): InboxQueue[] {
    const rows = prepared(this.db, "telegramInbox.queuesWaiting", (d) =>
      d
        .select({ chatId: telegramInbox.chatId, updateId: sql<number>`min(${telegramInbox.updateId})` })
        .from(telegramInbox)
        .where(waiting)
        .groupBy(sql`coalesce(${telegramInbox.chatId}, ${telegramInbox.updateId})`)
        .orderBy(sql`min(${telegramInbox.updateId})`)
        .prepare(),
    ).all();
    return rows.map((row) => (row.chatId === null ? { updateId: row.updateId } : { chatId: row.chatId }));
  }

  private finish(updateId: number, now: Date, how: "handledAt" | "givenUpAt"): void {
    prepared(this.db, `telegramInbox.finish.${how}`, (d) =>
      d
        .update(telegramInbox)
        .set({ payload: emptiedPayload, claimedUntil: null, [how]: sql`${sql.placeholder("now")}` })
        .where(sql`${telegramInbox.updateId} = ${sql.placeholder("updateId")} and ${waiting}`)
        .prepare(),
    ).run({ updateId, now: now.getTime() });
  }
}
