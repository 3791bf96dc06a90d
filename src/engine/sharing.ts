/**
 * The sharing a client controls: who sees each note and when (now, once their next session has
 * started, or nobody), and whether the therapist sees each score or only the overall one. A note
 * gets one row of buttons once written; /privacy shows the client's choices with buttons to change
 * them. Every change is audited by kind, never by text. Whatever a client chooses, a risk alert
 * carries the words that raised it (src/safety): risk wins over sharing.
 */
import { audit } from "../db/repos/audit.js";
import type { ChoiceSetRow } from "../db/repos/choice-sets.js";
import { noteSharingSet, setClientNoteSharing, setClientScoreDetail } from "../db/repos/sharing.js";
import { topicsOf } from "../db/repos/topics.js";
import type { NoteSharing, ScoreDetail } from "../db/schema.js";
import type { ChoiceOption } from "../outbox/outbound.js";
import { settingsOf } from "../practice/settings.js";
import { keepTopic, topicsPerClient } from "./topics-command.js";
import { type ClientTurn, reply, showChosen, text } from "./turn.js";

/** The client's own default for notes, else the practice's. */
export function noteSharingOf(turn: ClientTurn): NoteSharing {
  return turn.client.noteSharing ?? settingsOf(turn.practice).noteSharing;
}

/**
 * The buttons under a note: button key → what it sets. One row, in this order; a new way of keeping
 * a note (a topic for the next session) is one more entry here and one more case in `chooseForNote`.
 */
const noteKeys: Record<string, NoteSharing> = { now: "now", next: "next_session", priv: "private" };
const noteLabels: Record<NoteSharing, "sharing.note_now" | "sharing.note_next_session" | "sharing.note_private"> = {
  now: "sharing.note_now",
  next_session: "sharing.note_next_session",
  private: "sharing.note_private",
};
/** The fourth button: the note becomes a topic for the next session (src/engine/topics-command.ts). */
const laterKey = "later";

/** After a note is stored: who should see it, the client's usual choice named, one tap to change it. */
export function askNoteSharing(turn: ClientTurn, note: { occurrenceId: number; itemId: string }): void {
  const row: ChoiceOption[] = [
    ...Object.entries(noteKeys).map(([key, sharing]) => ({ key, label: text(turn, noteLabels[sharing]) })),
    { key: laterKey, label: text(turn, "sharing.note_later") },
  ];
  turn.out.ask(
    turn.to,
    text(turn, "sharing.note_question", { current: text(turn, `sharing.notes_${noteSharingOf(turn)}`) }),
    [row],
    { purpose: "note_sharing", occurrenceId: note.occurrenceId, itemId: note.itemId },
  );
}

/** A press under a note: sets that note's sharing (a stale set, or a note since deleted, changes nothing). */
export function chooseForNote(turn: ClientTurn, set: ChoiceSetRow, key: string): void {
  // Kept for the next session: the note itself stays with the client, its words become a topic with
  // the release the client then picks, like one kept with /later.
  const later = key === laterKey;
  const sharing = later ? "private" : noteKeys[key];
  if (!sharing || set.occurrenceId === null || set.itemId === null) return reply(turn, "checkin.stale");
  // A full list is said before anything changes: the note keeps its buttons for another choice.
  if (later && topicsOf(turn.tx, turn.client.id).length >= topicsPerClient) {
    return reply(turn, "topics.too_many", { max: topicsPerClient });
  }
  const note = { clientId: turn.client.id, occurrenceId: set.occurrenceId, itemId: set.itemId };
  const words = noteSharingSet(turn.tx, note, sharing);
  if (words === undefined) return reply(turn, "checkin.stale");
  showChosen(turn, set, text(turn, later ? "sharing.note_chosen_later" : `sharing.note_chosen_${sharing}`));
  if (later) keepTopic(turn, words);
  audit(
    turn.tx,
    {
      actor: `client:${turn.client.id}`,
      action: "sharing.note",
      subject: `occurrence:${set.occurrenceId}`,
      detail: { item: set.itemId, sharing },
    },
    turn.now,
  );
}

type PrivacyChoice = { notes: NoteSharing } | { scores: ScoreDetail };

/** The /privacy buttons: key → choice, label. Two rows: the notes' default, then the scores. */
const privacyKeys: Record<string, { choice: PrivacyChoice; label: Parameters<typeof text>[1] }> = {
  nnow: { choice: { notes: "now" }, label: "sharing.button_notes_now" },
  nnext: { choice: { notes: "next_session" }, label: "sharing.button_notes_next_session" },
  npriv: { choice: { notes: "private" }, label: "sharing.button_notes_private" },
  sdet: { choice: { scores: "detailed" }, label: "sharing.button_scores_detailed" },
  sall: { choice: { scores: "overall" }, label: "sharing.button_scores_overall" },
};

/** What the client's choices are now, in their words. */
function choicesText(turn: ClientTurn): string {
  return text(turn, "sharing.choices", {
    notes: text(turn, `sharing.notes_${noteSharingOf(turn)}`),
    scores: text(turn, `sharing.scores_${turn.client.scoreDetail}`),
  });
}

/**
 * /privacy: how data is handled, then the client's choices with buttons to change them. A stopped
 * client has nothing left to share and gets the explanation alone.
 */
export function showPrivacy(turn: ClientTurn): void {
  const explanation = text(turn, "commands.privacy", { retention_days: settingsOf(turn.practice).retentionDays });
  if (turn.client.status === "stopped") {
    turn.out.say(turn.to, explanation);
    return;
  }
  const entries = Object.entries(privacyKeys);
  const button = ([key, { label }]: (typeof entries)[number]): ChoiceOption => ({ key, label: text(turn, label) });
  turn.out.ask(
    turn.to,
    `${explanation}\n\n${choicesText(turn)}`,
    [
      entries.filter(([, e]) => "notes" in e.choice).map(button),
      entries.filter(([, e]) => "scores" in e.choice).map(button),
    ],
    { purpose: "privacy" },
  );
}

/** A /privacy press: changes one choice, says what it means now, and audits the kind of change. */
export function choosePrivacy(turn: ClientTurn, set: ChoiceSetRow, key: string): void {
  const entry = privacyKeys[key];
  if (!entry || turn.client.status === "stopped") return reply(turn, "checkin.stale");
  const { choice } = entry;
  if ("notes" in choice) setClientNoteSharing(turn.tx, turn.client.id, choice.notes);
  else setClientScoreDetail(turn.tx, turn.client.id, choice.scores);
  showChosen(turn, set, text(turn, entry.label));
  audit(
    turn.tx,
    {
      actor: `client:${turn.client.id}`,
      action: "notes" in choice ? "sharing.notes_default" : "sharing.scores",
      subject: `client:${turn.client.id}`,
      detail: "notes" in choice ? { sharing: choice.notes } : { detail: choice.scores },
    },
    turn.now,
  );
  if ("notes" in choice) reply(turn, "sharing.changed_notes", { choice: text(turn, `sharing.notes_${choice.notes}`) });
  else reply(turn, "sharing.changed_scores", { choice: text(turn, `sharing.scores_${choice.scores}`) });
}
