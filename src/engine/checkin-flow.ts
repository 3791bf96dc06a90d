/**
 * The check-in conversation: one question at a time, answers stored as they come, so the client can
 * stop at any point and a restart resumes at the same question.
 */

import { audit } from "../db/repos/audit.js";
import {
  advanceOccurrence,
  closeOccurrence,
  insertAnswer,
  type OccurrenceRow,
  openOccurrenceFor,
  updateOccurrence,
} from "../db/repos/checkins.js";
import { type ChoiceSetRow, latestQuestionChoiceSet } from "../db/repos/choice-sets.js";
import type { OutboxRow } from "../outbox/queue.js";
import type { CheckinFile, CheckinItem } from "../prompts/checkin-schema.js";
import { matchTypedAnswer } from "./answer-matching.js";
import { describeOption, findItem, questionButtons, questionText, scaleOf, skipKey } from "./questions.js";
import { respondToRisk } from "./risk.js";
import { askNoteSharing } from "./sharing.js";
import { type ClientTurn, reply, showChosen, text } from "./turn.js";

interface Current {
  occurrence: OccurrenceRow;
  checkin: CheckinFile;
  item: CheckinItem;
}

/** The open check-in and the question it is on, if any. */
function current(turn: ClientTurn, occurrence: OccurrenceRow): Current | undefined {
  const checkin = turn.prompts.checkins.get(occurrence.checkinId);
  const itemId = occurrence.itemIds[occurrence.position];
  const item = checkin && itemId ? findItem(checkin, itemId) : undefined;
  return checkin && item ? { occurrence, checkin, item } : undefined;
}

/** Sends the question the check-in is on, with its buttons, optionally led by a line such as the intro. */
export function askCurrentQuestion(turn: ClientTurn, occurrence: OccurrenceRow, lead?: string): OutboxRow | undefined {
  const at = current(turn, occurrence);
  if (!at) {
    // The check-in file or item vanished (a practice removed it): close rather than strand the client.
    closeOccurrence(turn.tx, occurrence.id, "cancelled", turn.now);
    reply(turn, "checkin.closed");
    return undefined;
  }
  const question = questionText(turn, at.checkin, at.item);
  return turn.out.ask(turn.to, lead ? `${lead}\n\n${question}` : question, questionButtons(turn, at.checkin, at.item), {
    purpose: "item",
    occurrenceId: occurrence.id,
    itemId: at.item.id,
    risk: at.item.kind === "choice" && at.item.risk === true,
  });
}

/** A button press on a check-in question. */
export function answerByButton(turn: ClientTurn, set: ChoiceSetRow, key: string): void {
  const occurrence = openOccurrenceFor(turn.tx, turn.client.id);
  if (!occurrence || occurrence.id !== set.occurrenceId) return reply(turn, "checkin.closed");
  const at = current(turn, occurrence);
  if (!at || at.item.id !== set.itemId) return reply(turn, "checkin.stale");

  const scale = scaleOf(at.checkin, at.item);
  if (!scale) {
    if (key !== skipKey) return reply(turn, "checkin.stale");
    showChosen(turn, set, text(turn, "checkin.skip"));
    return recordAndAdvance(turn, at, { skipped: true });
  }
  const option = scale.options.find((o) => o.key === key);
  if (!option) return reply(turn, "checkin.stale");
  showChosen(turn, set, describeOption(turn, option));
  recordAndAdvance(turn, at, { value: option.value });
}

/** Typed text while a check-in is open: a note, or a typed answer to a choice question. */
/**
 * A typed answer to the open check-in. `afterCrisisReply`: the words held risk and the crisis reply
 * has gone out; if they are no answer to a scale question, nothing more is said (a "please tap a
 * button" under the crisis resources would bury them), and the question stays open as it was.
 */
export function answerByText(
  turn: ClientTurn,
  occurrence: OccurrenceRow,
  typed: string,
  { afterCrisisReply = false }: { afterCrisisReply?: boolean } = {},
): void {
  const at = current(turn, occurrence);
  if (!at) {
    askCurrentQuestion(turn, occurrence);
    return;
  }
  if (at.item.kind === "text") {
    const note = typed.trim();
    if (note === "") {
      askCurrentQuestion(turn, occurrence);
      return;
    }
    if ([...note].length > at.item.max_length) return reply(turn, "checkin.note_too_long", { max: at.item.max_length });
    return recordAndAdvance(turn, at, { text: note }, { afterCrisisReply });
  }

  const scale = scaleOf(at.checkin, at.item);
  const option = scale ? matchTypedAnswer(typed, scale) : undefined;
  if (option) {
    // Shown on the question exactly as a press is, so the client sees how the words were read.
    const shown = latestQuestionChoiceSet(turn.tx, {
      identityId: turn.to.identityId,
      occurrenceId: occurrence.id,
      itemId: at.item.id,
    });
    if (shown) showChosen(turn, shown, describeOption(turn, option));
    return recordAndAdvance(turn, at, { value: option.value });
  }
  if (afterCrisisReply) return;
  if (occurrence.reasked) return reply(turn, "checkin.use_buttons");
  updateOccurrence(turn.tx, occurrence.id, { reasked: true });
  reply(turn, "checkin.reask");
  askCurrentQuestion(turn, occurrence);
}

function recordAndAdvance(
  turn: ClientTurn,
  at: Current,
  answer: { value?: number; text?: string; skipped?: boolean },
  { afterCrisisReply = false }: { afterCrisisReply?: boolean } = {},
): void {
  const { occurrence, item } = at;
  insertAnswer(
    turn.tx,
    { occurrenceId: occurrence.id, itemId: item.id, itemVersion: item.version, ...answer },
    turn.now,
  );
  // Every change to client data is audited: which item, never the answer.
  audit(
    turn.tx,
    {
      actor: `client:${turn.client.id}`,
      action: answer.skipped ? "answer.skipped" : "answer.recorded",
      subject: `occurrence:${occurrence.id}`,
      detail: { item: item.id },
    },
    turn.now,
  );
  const position = occurrence.position + 1;
  advanceOccurrence(turn.tx, occurrence.id, position, turn.now);
  if (item.kind === "choice" && item.risk && answer.value === 1) {
    respondToRisk(turn, { kind: "risk_item", occurrenceId: occurrence.id });
  }
  // A note the client wrote: one row of buttons to say who sees it, and when. Not under crisis
  // resources (a question there would bury them); such a note keeps the client's default, and its
  // words are with the alert whatever that is.
  if (answer.text !== undefined && !afterCrisisReply)
    askNoteSharing(turn, { occurrenceId: occurrence.id, itemId: item.id });
  if (position >= occurrence.itemIds.length) {
    closeOccurrence(turn.tx, occurrence.id, "completed", turn.now);
    reply(turn, "checkin.thanks");
    return;
  }
  askCurrentQuestion(turn, { ...occurrence, position, reasked: false });
}
