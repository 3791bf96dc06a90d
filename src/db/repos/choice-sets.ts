/**
 * Choice sets: the server-side meaning of a row of buttons. Button data carries only the set id and an
 * option key; everything that decides whether a press counts (whose, for which question) is here.
 */
import { eq } from "drizzle-orm";
import type { DbOrTx } from "../connection.js";
import { newChoiceSetId } from "../ids.js";
import { choiceSets } from "../schema.js";

export type ChoiceSetRow = typeof choiceSets.$inferSelect;
export type ChoicePurpose = ChoiceSetRow["purpose"];

export function newChoiceSet(
  db: DbOrTx,
  input: { identityId: number; purpose: ChoicePurpose; occurrenceId?: number; itemId?: string },
  now: Date,
): ChoiceSetRow {
  return db
    .insert(choiceSets)
    .values({ id: newChoiceSetId(), ...input, createdAt: now })
    .returning()
    .get();
}

export function attachOutbox(db: DbOrTx, setId: string, outboxId: number): void {
  db.update(choiceSets).set({ outboxId }).where(eq(choiceSets.id, setId)).run();
}

export function getChoiceSet(db: DbOrTx, id: string): ChoiceSetRow | undefined {
  return db.select().from(choiceSets).where(eq(choiceSets.id, id)).get();
}
