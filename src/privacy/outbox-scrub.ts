/**
 * The outbox part of erasure. Messages to the client's own chats go entirely. Messages to clinicians
 * that carry the client (risk alerts and follow-ups name them by alias, summaries quote their notes)
 * are deleted while unsent, so they can no longer go out; once sent, the copy is already in the
 * clinician's chat and Interlude's copy of the text is replaced, keeping the row's delivery record.
 */
import { and, eq, inArray, or, sql } from "drizzle-orm";
import type { Tx } from "../db/connection.js";
import { outbox, type Platform } from "../db/schema.js";
import { type ClientMarks, payloadMentions } from "../outbox/client-mentions.js";
import type { OutboundPayload } from "../outbox/payload.js";

/** What a sent row keeps: a valid payload that says nothing. */
export const erasedPayload: OutboundPayload = { kind: "message", text: "(erased)" };

export interface ClientTraces extends ClientMarks {
  identityIds: number[];
  chats: Array<{ platform: Platform; chatId: string }>;
  /** Rows known to be about the client: the notifications of their alerts. */
  outboxIds: number[];
}

export interface ScrubCounts {
  deleted: number;
  blanked: number;
}

/** The form a string takes inside the stored JSON, for SQLite's `instr` to pre-select rows. */
function asStoredJson(term: string): string {
  return JSON.stringify(term).slice(1, -1);
}

export function scrubOutbox(tx: Tx, traces: ClientTraces): ScrubCounts {
  const counts: ScrubCounts = { deleted: 0, blanked: 0 };
  const toClient = [
    traces.identityIds.length > 0 ? inArray(outbox.identityId, traces.identityIds) : undefined,
    ...traces.chats.map((chat) => and(eq(outbox.platform, chat.platform), eq(outbox.chatId, chat.chatId))),
  ].filter((c) => c !== undefined);
  if (toClient.length > 0)
    counts.deleted += tx
      .delete(outbox)
      .where(or(...toClient))
      .run().changes;

  const terms = [...traces.words, ...traces.phrases].filter((t) => t !== "");
  // Pre-selection in SQL keeps large payloads (pictures) out of JavaScript; the exact test follows.
  const mentioning =
    terms.length === 0
      ? []
      : tx
          .select({ id: outbox.id, payload: outbox.payload })
          .from(outbox)
          .where(or(...terms.map((term) => sql`instr(${outbox.payload}, ${asStoredJson(term)}) > 0`)))
          .all()
          .filter((row) => payloadMentions(row.payload, traces))
          .map((row) => row.id);
  const ids = [...new Set([...traces.outboxIds, ...mentioning])];
  if (ids.length === 0) return counts;
  counts.deleted += tx
    .delete(outbox)
    .where(and(inArray(outbox.id, ids), sql`${outbox.status} <> 'sent'`))
    .run().changes;
  counts.blanked += tx
    .update(outbox)
    .set({ payload: erasedPayload })
    .where(and(inArray(outbox.id, ids), eq(outbox.status, "sent")))
    .run().changes;
  return counts;
}
