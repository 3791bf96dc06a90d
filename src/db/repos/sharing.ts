/**
 * What a client shares with their therapist: their default for notes, what the therapist sees of
 * their scores, and a single note's own choice. Only the rows; what a choice means is the engine's
 * and the summary's business.
 */
import { and, eq, isNotNull, isNull } from "drizzle-orm";
import type { DbOrTx } from "../connection.js";
import { answers, clients, type NoteSharing, occurrences, type ScoreDetail } from "../schema.js";

export function setClientNoteSharing(db: DbOrTx, clientId: number, sharing: NoteSharing): void {
  db.update(clients).set({ noteSharing: sharing }).where(eq(clients.id, clientId)).run();
}

export function setClientScoreDetail(db: DbOrTx, clientId: number, detail: ScoreDetail): void {
  db.update(clients).set({ scoreDetail: detail }).where(eq(clients.id, clientId)).run();
}

/**
 * Sets one note's own sharing, once: only if the note is the client's, still holds text (a purged or
 * erased note has nothing left to share) and has no choice of its own yet (its buttons are spent).
 * Returns whether a note was changed.
 */
export function setNoteSharing(
  db: DbOrTx,
  note: { clientId: number; occurrenceId: number; itemId: string },
  sharing: NoteSharing,
): boolean {
  return noteSharingSet(db, note, sharing) !== undefined;
}

/** As `setNoteSharing`, returning the note's words when it was changed (to keep them as a topic). */
export function noteSharingSet(
  db: DbOrTx,
  note: { clientId: number; occurrenceId: number; itemId: string },
  sharing: NoteSharing,
): string | undefined {
  const owned = db
    .select({ id: occurrences.id })
    .from(occurrences)
    .where(and(eq(occurrences.id, note.occurrenceId), eq(occurrences.clientId, note.clientId)))
    .get();
  if (!owned) return undefined;
  const changed = db
    .update(answers)
    .set({ sharing })
    .where(
      and(
        eq(answers.occurrenceId, note.occurrenceId),
        eq(answers.itemId, note.itemId),
        isNotNull(answers.text),
        isNull(answers.sharing),
      ),
    )
    .returning({ text: answers.text })
    .get();
  return changed?.text ?? undefined;
}
