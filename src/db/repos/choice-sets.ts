/**
 * Choice sets: the server-side meaning of a row of buttons. Button data carries only the set id and an
 * option key; everything that decides whether a press counts (whose, for which question) is here.
 */
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../connection.js";
import { newChoiceSetId } from "../ids.js";
import { prepared } from "../prepared.js";
import { choiceSets } from "../schema.js";

export type ChoiceSetRow = typeof choiceSets.$inferSelect;
export type ChoicePurpose = ChoiceSetRow["purpose"];

export function newChoiceSet(
  db: DbOrTx,
  input: { identityId: number; purpose: ChoicePurpose; occurrenceId?: number; itemId?: string },
  now: Date,
): ChoiceSetRow {
  return prepared(db, "choiceSet.insert", (d) =>
    d
      .insert(choiceSets)
      .values({
        id: sql.placeholder("id"),
        identityId: sql.placeholder("identityId"),
        purpose: sql.placeholder("purpose"),
        occurrenceId: sql.placeholder("occurrenceId"),
        itemId: sql.placeholder("itemId"),
        createdAt: sql.placeholder("createdAt"),
      })
      .returning()
      .prepare(),
  ).get({ occurrenceId: null, itemId: null, ...input, id: newChoiceSetId(), createdAt: now }) as ChoiceSetRow;
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
  return db.select().from(choiceSets).where(eq(choiceSets.id, id)).get();
}
