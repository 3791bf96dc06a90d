/**
 * Taking back messages that have not been delivered: the rows queued for a set of chats, and marking
 * some of them `withdrawn`. A row the dispatcher is sending at that moment (`sending`) is withdrawn
 * too: the attempt in flight cannot be recalled, but if it fails, or Interlude crashes before it is
 * recorded, the row is never sent again (markRetry and requeueInterrupted only touch `sending` rows).
 */
import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/connection.js";
import { outbox, type Platform } from "../db/schema.js";
import type { OutboundPayload } from "./payload.js";
import type { OutboxRow } from "./queue.js";

/** What a withdrawn row keeps instead of its text: the reader lost the right to it, so Interlude does too. */
export const withdrawnPayload: OutboundPayload = { kind: "message", text: "(withdrawn: access ended)" };

/** Rows not yet delivered to any of these chats, oldest first. */
export function undeliveredToChats(
  db: DbOrTx,
  chats: ReadonlyArray<{ platform: Platform; chatId: string }>,
): OutboxRow[] {
  if (chats.length === 0) return [];
  return db
    .select()
    .from(outbox)
    .where(
      and(
        inArray(outbox.status, ["pending", "sending"]),
        or(...chats.map((chat) => and(eq(outbox.platform, chat.platform), eq(outbox.chatId, chat.chatId)))),
      ),
    )
    .orderBy(asc(outbox.id))
    .all();
}

/** Withdraws the rows that are still pending or sending; returns the ids it withdrew. */
export function withdrawRows(db: DbOrTx, ids: readonly number[], reason: string): number[] {
  if (ids.length === 0) return [];
  return db
    .update(outbox)
    .set({ status: "withdrawn", payload: withdrawnPayload, lastError: reason })
    .where(and(inArray(outbox.id, [...ids]), inArray(outbox.status, ["pending", "sending"])))
    .returning({ id: outbox.id })
    .all()
    .map((row) => row.id);
}

/**
 * Frees rows' dedupe keys, so the same message can be written afresh for its cause (a weekly summary
 * rebuilt from the caseload as it now is). The old key stays readable inside the new one.
 */
export function releaseDedupeKeys(db: DbOrTx, ids: readonly number[]): void {
  if (ids.length === 0) return;
  db.update(outbox)
    .set({ dedupeKey: sql`'superseded:' || ${outbox.id} || ':' || ${outbox.dedupeKey}` })
    .where(inArray(outbox.id, [...ids]))
    .run();
}
