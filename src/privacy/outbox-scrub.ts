/**
 * The outbox part of erasure. Messages to the client's own chats go entirely. Messages to clinicians
 * that carry the client (risk alerts and follow-ups name them by alias, summaries quote their notes)
 * are deleted while unsent, so they can no longer go out; once sent, the copy is already in the
 * clinician's chat and Interlude's copy of the text is replaced, keeping the row's delivery record.
 */
import { and, eq, inArray, or, sql } from "drizzle-orm";
import type { Tx } from "../db/connection.js";
import { outbox, type Platform } from "../db/schema.js";
import type { OutboundPayload } from "../outbox/payload.js";

/** What a sent row keeps: a valid payload that says nothing. */
export const erasedPayload: OutboundPayload = { kind: "message", text: "(erased)" };

export interface ClientTraces {
  identityIds: number[];
  chats: Array<{ platform: Platform; chatId: string }>;
  /** Rows known to be about the client: the notifications of their alerts. */
  outboxIds: number[];
  /** Whole words (the alias, platform user ids, chart file names) that name the client. */
  words: string[];
  /** Text the client wrote; quoted (possibly shortened) in clinicians' messages. */
  phrases: string[];
}

export interface ScrubCounts {
  deleted: number;
  blanked: number;
}

const wordCharacter = /[\p{L}\p{N}]/u;

/**
 * Whether `word` occurs on its own: where it starts or ends with a letter or digit, the neighbour on
 * that side must not be one ("Oak-7" is not in "Oak-71"), as a regular expression's \b would say.
 */
function containsWord(haystack: string, word: string): boolean {
  const chars = [...word];
  const guardStart = wordCharacter.test(chars[0] ?? "");
  const guardEnd = wordCharacter.test(chars.at(-1) ?? "");
  for (let at = haystack.indexOf(word); at >= 0; at = haystack.indexOf(word, at + 1)) {
    const before = [...haystack.slice(Math.max(0, at - 2), at)].at(-1) ?? "";
    const after = [...haystack.slice(at + word.length, at + word.length + 2)][0] ?? "";
    if ((!guardStart || !wordCharacter.test(before)) && (!guardEnd || !wordCharacter.test(after))) return true;
  }
  return false;
}

/** Every string inside a payload (text, button labels, a picture's caption, alt text and file name). */
function stringsOf(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value !== null && typeof value === "object") {
    // The picture's bytes are not text; a base64 blob can contain any short word by chance.
    return Object.entries(value).flatMap(([key, v]) => (key === "pngBase64" ? [] : stringsOf(v)));
  }
  return [];
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
          .filter((row) => {
            const strings = stringsOf(row.payload);
            return strings.some(
              (s) => traces.words.some((w) => containsWord(s, w)) || traces.phrases.some((p) => s.includes(p)),
            );
          })
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
