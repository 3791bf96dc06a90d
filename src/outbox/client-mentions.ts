/**
 * Whether a queued message carries a client: their alias as a word, a picture's file name, or a
 * stretch of their own words. Used where messages about a client must be found by what they say:
 * erasure (src/privacy/outbox-scrub.ts) and the messages a clinician loses at a hand-over
 * (src/safety/withdraw-queued.ts).
 */
import { eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../db/connection.js";
import { alerts, alertTriggers, answers, occurrences, topics } from "../db/schema.js";

export interface ClientMarks {
  /** Whole words (the alias, platform user ids, chart file names) that name the client. */
  words: string[];
  /** Text the client wrote; quoted (possibly shortened) in clinicians' messages. */
  phrases: string[];
}

/** Shorter texts are left to the alias: "ok thanks" could be anyone's words. */
const shortestPhrase = 12;
const window = 32;
const stride = 16;

/**
 * Stretches of the client's own text to look for in clinicians' messages, where it appears as written
 * (follow-up notes), with whitespace collapsed (summaries), cut short, or split across two messages.
 * Windows of 32 characters every 16 mean that any 48 characters of it in a row contain a whole window.
 */
export function fragmentsOf(text: string | null): string[] {
  if (text === null) return [];
  const fragments = new Set<string>();
  for (const form of new Set([text.trim(), text.replace(/\s+/g, " ").trim()])) {
    const chars = [...form];
    if (chars.length < shortestPhrase) continue;
    if (chars.length <= window + stride) {
      fragments.add(form);
      continue;
    }
    for (let at = 0; at + window <= chars.length; at += stride) fragments.add(chars.slice(at, at + window).join(""));
    fragments.add(chars.slice(-window).join(""));
  }
  return [...fragments];
}

/**
 * A picture about a client carries the client id in its file name, never the alias: their chart
 * (src/insights/charts.ts) and their invite's QR code (src/engine/invite-commands.ts).
 */
export const clientPictureMark = (clientId: number) => `-client-${clientId}.png`;

/** The ids of every check-in the client was sent. */
export function occurrenceIdsOf(db: DbOrTx, clientId: number): number[] {
  return db
    .select({ id: occurrences.id })
    .from(occurrences)
    .where(eq(occurrences.clientId, clientId))
    .all()
    .map((r) => r.id);
}

/** Everything the client wrote that Interlude still holds: check-in notes, risk messages, follow-up notes. */
export function clientTexts(db: DbOrTx, clientId: number): string[] {
  const occurrenceIds = occurrenceIdsOf(db, clientId);
  const alertRows = db
    .select({ id: alerts.id, note: alerts.followUpNote })
    .from(alerts)
    .where(eq(alerts.clientId, clientId))
    .all();
  return [
    ...db
      .select({ text: answers.text })
      .from(answers)
      .where(inArray(answers.occurrenceId, occurrenceIds))
      .all()
      .map((r) => r.text),
    ...db
      .select({ text: alertTriggers.text })
      .from(alertTriggers)
      .where(
        inArray(
          alertTriggers.alertId,
          alertRows.map((a) => a.id),
        ),
      )
      .all()
      .map((r) => r.text),
    ...alertRows.map((a) => a.note),
    ...db
      .select({ text: topics.text })
      .from(topics)
      .where(eq(topics.clientId, clientId))
      .all()
      .map((r) => r.text),
  ].filter((text): text is string => text !== null);
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

/** Whether the stored payload names the client or quotes them. */
export function payloadMentions(payload: unknown, marks: ClientMarks): boolean {
  return stringsOf(payload).some(
    (s) =>
      marks.words.some((w) => w !== "" && containsWord(s, w)) || marks.phrases.some((p) => p !== "" && s.includes(p)),
  );
}
