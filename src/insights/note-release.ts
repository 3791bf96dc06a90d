/**
 * Which of a client's notes a summary may quote, by the sharing the client chose. A note shared "now"
 * is released when it is written; one kept "for the next session" when the client's first session
 * after it starts (a planned or held session: a cancelled one or a no-show does not count, so the note
 * waits for the next one that happens); a private note is never released. A summary quotes the notes
 * released in its week, so a note held for Tuesday's session appears in the summary of that week, and
 * says only *that* something is held back, never what.
 */
import type { NoteRecord } from "../db/repos/insights.js";
import type { Week } from "./weeks.js";

export interface ReleasedNotes {
  /** Notes released in the week, oldest first, dated when the client wrote them. */
  shown: { at: Date; text: string }[];
  /** The client wrote a note this week that they keep for themselves. */
  keepsPrivate: boolean;
  /** A note written before the cut waits for a session that has not started by then. */
  forNextSession: boolean;
}

/** When a note reaches the therapist; undefined: not (yet). */
function releaseOf(note: NoteRecord, sessionStarts: readonly Date[]): Date | undefined {
  if (note.sharing === "now") return note.at;
  if (note.sharing === "private") return undefined;
  return sessionStarts.find((start) => start > note.at);
}

/**
 * `cut` is the earlier of the week's end and now (inclusive): a summary of the week still running must
 * not show a note whose session is only planned.
 */
export function releasedNotes(
  notes: readonly NoteRecord[],
  sessionStarts: readonly Date[],
  week: Week,
  cut: Date,
): ReleasedNotes {
  const shown: ReleasedNotes["shown"] = [];
  let keepsPrivate = false;
  let forNextSession = false;
  for (const note of notes) {
    if (note.at > cut) continue;
    const release = releaseOf(note, sessionStarts);
    if (note.sharing === "private") keepsPrivate ||= note.at >= week.start;
    else if (release === undefined || release > cut) forNextSession = true;
    else if (release >= week.start && note.text !== null) shown.push({ at: note.at, text: note.text });
  }
  return { shown, keepsPrivate, forNextSession };
}
