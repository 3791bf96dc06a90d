/**
 * Choice sets: the server-side meaning of a row of buttons. Button data carries only the set id and an
 * option key; everything that decides whether a press counts (whose, for which question) is here.
 */
import { and, desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../connection.js";
import { newChoiceSetId } from "../ids.js";
import { prepared } from "../prepared.js";
import { choiceSets } from "../schema.js";

export type ChoiceSetRow = typeof choiceSets.$inferSelect;
export type ChoicePurpose = ChoiceSetRow["purpose"];

/**
 * Inserts a set and returns its row, built from what was written rather than read back: every question
 * sent creates one, and mapping a RETURNING row cost more than the insert (B2e in docs/BENCHMARKS.md).
 * `satisfies` keeps the built row complete if the table grows a column.
 */
/** What a row of buttons answers: its purpose and whatever that purpose points at. */
export interface ChoiceMeaning {
  purpose: ChoicePurpose;
  occurrenceId?: number;
  itemId?: string;
  alertId?: number;
  ratingId?: number;
  topicId?: number;
  /** Buttons of a risk question: their id is marked so a "yes" is recognisable without the database. */
  risk?: boolean;
}

export function newChoiceSet(db: DbOrTx, input: ChoiceMeaning & { identityId: number }, now: Date): ChoiceSetRow {
  const row = {
    id: newChoiceSetId(input.risk ? "risk" : "plain"),
    identityId: input.identityId,
    purpose: input.purpose,
    occurrenceId: input.occurrenceId ?? null,
    itemId: input.itemId ?? null,
    alertId: input.alertId ?? null,
    ratingId: input.ratingId ?? null,
    topicId: input.topicId ?? null,
    outboxId: null,
    createdAt: now,
  } satisfies ChoiceSetRow;
  prepared(db, "choiceSet.insert", (d) =>
    d
      .insert(choiceSets)
      .values({
        id: sql.placeholder("id"),
        identityId: sql.placeholder("identityId"),
        purpose: sql.placeholder("purpose"),
        occurrenceId: sql.placeholder("occurrenceId"),
        itemId: sql.placeholder("itemId"),
        alertId: sql.placeholder("alertId"),
        ratingId: sql.placeholder("ratingId"),
        topicId: sql.placeholder("topicId"),
        createdAt: sql.placeholder("createdAt"),
      })
      .prepare(),
  ).run(row);
  return row;
}

export function attachOutbox(db: DbOrTx, setId: string, outboxId: number): void {
  prepared(db, "choiceSet.attach", (d) =>
    d
      .update(choiceSets)
      .set({ outboxId: sql`${sql.placeholder("outboxId")}` })
      .where(eq(choiceSets.id, sql.placeholder("setId")))
      .prepare(),
  ).run({ outboxId, setId });
}

export function getChoiceSet(db: DbOrTx, id: string): ChoiceSetRow | undefined {
  return prepared(db, "choiceSet.get", (d) =>
    d
      .select()
      .from(choiceSets)
      .where(eq(choiceSets.id, sql.placeholder("id")))
      .prepare(),
  ).get({ id });
}

/** The buttons last shown to this account for one question of a check-in (a re-ask shows them again). */
export function latestQuestionChoiceSet(
  db: DbOrTx,
  question: { identityId: number; occurrenceId: number; itemId: string },
): ChoiceSetRow | undefined {
  return (
    db
      .select()
      .from(choiceSets)
      .where(
        and(
          eq(choiceSets.identityId, question.identityId),
          eq(choiceSets.occurrenceId, question.occurrenceId),
          eq(choiceSets.itemId, question.itemId),
          eq(choiceSets.purpose, "item"),
        ),
      )
      // Outbox ids grow with each message sent; creation times can tie on a re-ask within one millisecond.
      .orderBy(desc(choiceSets.outboxId))
      .get()
  );
}
