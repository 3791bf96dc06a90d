/**
 * One synthetic check-in of the demo history, stored as the engine stores a real one: the occurrence
 * about a session, with its answers (the four alliance items, the risk question answered "no", and a
 * note or a skip), or expired unanswered after reaching the client.
 */

import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../db/connection.js";
import { insertAnswer, insertOccurrence } from "../db/repos/checkins.js";
import { answers, type NoteSharing, occurrences, outbox } from "../db/schema.js";
import type { AllianceAnswers } from "./demo-stories.js";

/**
 * The items of prompts/checkins/alliance-safety.yaml as the demo practice asks them (risk question
 * and notes on), with the versions answers record. tests/demo/demo-history.test.ts checks them
 * against the file, so a reworded item cannot leave the demo answering an old version.
 */
export const demoCheckin = {
  id: "alliance-safety",
  version: 2,
  alliance: [
    { id: "safe_to_say", version: 1 },
    { id: "understood", version: 2 },
    { id: "worked_on_what_matters", version: 2 },
    { id: "way_of_working", version: 2 },
  ],
  risk: { id: "risk", version: 2 },
  note: { id: "note", version: 1 },
} as const;

const itemIds = [...demoCheckin.alliance.map((i) => i.id), demoCheckin.risk.id, demoCheckin.note.id];
/** The default expiry (src/practice/settings.ts): an unanswered check-in closes a day after it was sent. */
export const expiryMinutes = 24 * 60;
/** A tap on a button takes a few seconds. */
const secondsPerAnswer = 15;

export interface DemoCheckinInput {
  clientId: number;
  sessionId: number;
  /** Unique per client and week: the occurrence's idempotency key. */
  key: string;
  sentAt: Date;
  /** Undefined: never answered. */
  answers: AllianceAnswers | undefined;
  answeredAt: Date;
  /** The risk question was answered "yes" (the caller raises the alert); otherwise "no". */
  riskYes?: boolean;
  note?: { text: string; sharing?: NoteSharing };
}

/** Writes one check-in; returns its occurrence id. */
export function writeDemoCheckin(tx: DbOrTx, input: DemoCheckinInput): number {
  const occurrence = insertOccurrence(
    tx,
    {
      clientId: input.clientId,
      sessionId: input.sessionId,
      idempotencyKey: input.key,
      checkinId: demoCheckin.id,
      checkinVersion: demoCheckin.version,
      itemIds,
      scheduledFor: input.sentAt,
    },
    input.sentAt,
  );
  if (!occurrence) throw new Error(`demo history: check-in ${input.key} exists already`);
  if (!input.answers) {
    expireUnanswered(tx, occurrence.id, input);
    return occurrence.id;
  }
  // The first answer is the check-in's first answer time; each later one a tap later.
  let at = input.answeredAt.getTime() - secondsPerAnswer * 1000;
  const next = () => {
    at += secondsPerAnswer * 1000;
    return new Date(at);
  };
  demoCheckin.alliance.forEach((item, index) => {
    const value = input.answers?.[index] as number;
    insertAnswer(tx, { occurrenceId: occurrence.id, itemId: item.id, itemVersion: item.version, value }, next());
  });
  const { risk, note } = demoCheckin;
  insertAnswer(
    tx,
    { occurrenceId: occurrence.id, itemId: risk.id, itemVersion: risk.version, value: input.riskYes ? 1 : 0 },
    next(),
  );
  const noteAt = next();
  if (input.note) {
    insertAnswer(
      tx,
      { occurrenceId: occurrence.id, itemId: note.id, itemVersion: note.version, text: input.note.text },
      noteAt,
    );
    if (input.note.sharing) setNoteSharing(tx, occurrence.id, input.note.sharing);
  } else {
    insertAnswer(
      tx,
      { occurrenceId: occurrence.id, itemId: note.id, itemVersion: note.version, skipped: true },
      noteAt,
    );
  }
  tx.update(occurrences)
    .set({ status: "completed", position: itemIds.length, firstAnswerAt: input.answeredAt, closedAt: noteAt })
    .where(eq(occurrences.id, occurrence.id))
    .run();
  return occurrence.id;
}

/**
 * An unanswered check-in counts as the client's silence only if it reached them (its first question
 * was sent: src/db/repos/insights.ts), so it gets an outbox row already sent. The row is on the
 * console, to no chat anyone has, and is never sent again: the dispatcher only picks pending rows.
 */
function expireUnanswered(tx: DbOrTx, occurrenceId: number, input: DemoCheckinInput): void {
  const sent = tx
    .insert(outbox)
    .values({
      platform: "console",
      chatId: "demo-history",
      identityId: null,
      payload: { kind: "message", text: "DEMO history: a synthetic check-in, never sent to anyone." },
      priority: 1,
      status: "sent",
      nextAttemptAt: input.sentAt,
      dedupeKey: `demo-history:${input.key}`,
      createdAt: input.sentAt,
      sentAt: input.sentAt,
    })
    .returning({ id: outbox.id })
    .get();
  tx.update(occurrences)
    .set({
      status: "expired",
      firstOutboxId: sent.id,
      closedAt: new Date(input.sentAt.getTime() + expiryMinutes * 60_000),
    })
    .where(eq(occurrences.id, occurrenceId))
    .run();
}

function setNoteSharing(tx: DbOrTx, occurrenceId: number, sharing: NoteSharing): void {
  // insertAnswer leaves sharing to the client's default; a private note says so itself.
  tx.update(answers)
    .set({ sharing })
    .where(and(eq(answers.occurrenceId, occurrenceId), eq(answers.itemId, demoCheckin.note.id)))
    .run();
}
