/**
 * Synthetic check-in histories written straight into the database: an answered check-in is an
 * occurrence (completed) with its answers at a given time; a missed or expired one has none. Values are
 * the four alliance items in order (safety, bond, goals, tasks).
 */

import type { DbOrTx } from "../../src/db/connection.js";
import { answers, occurrences } from "../../src/db/schema.js";

export const allianceItems = ["safe_to_say", "understood", "worked_on_what_matters", "way_of_working"] as const;

let sequence = 0;

export function recordCheckin(
  db: DbOrTx,
  clientId: number,
  at: Date,
  values: readonly (number | null)[],
  options: { note?: string; versions?: number[]; status?: "completed" | "expired" } = {},
): number {
  sequence += 1;
  const occurrence = db
    .insert(occurrences)
    .values({
      clientId,
      idempotencyKey: `history:${clientId}:${at.getTime()}:${sequence}`,
      checkinId: "alliance-safety",
      checkinVersion: 1,
      itemIds: [...allianceItems, "note"],
      position: allianceItems.length + 1,
      status: options.status ?? "completed",
      scheduledFor: new Date(at.getTime() - 60_000),
      createdAt: new Date(at.getTime() - 60_000),
      firstAnswerAt: at,
      closedAt: at,
    })
    .returning({ id: occurrences.id })
    .get().id;
  values.forEach((value, i) => {
    db.insert(answers)
      .values({
        occurrenceId: occurrence,
        itemId: allianceItems[i] as string,
        itemVersion: options.versions?.[i] ?? 1,
        value,
        skipped: value === null,
        answeredAt: new Date(at.getTime() + i * 1_000),
      })
      .run();
  });
  if (options.note !== undefined) {
    db.insert(answers)
      .values({
        occurrenceId: occurrence,
        itemId: "note",
        itemVersion: 1,
        text: options.note,
        answeredAt: new Date(at.getTime() + 10_000),
      })
      .run();
  }
  return occurrence;
}

/** A check-in that was sent (or due) and never answered. */
export function recordUnanswered(db: DbOrTx, clientId: number, at: Date, status: "missed" | "expired"): number {
  sequence += 1;
  return db
    .insert(occurrences)
    .values({
      clientId,
      idempotencyKey: `history:${clientId}:${at.getTime()}:${sequence}`,
      checkinId: "alliance-safety",
      checkinVersion: 1,
      itemIds: [...allianceItems, "note"],
      status,
      scheduledFor: at,
      createdAt: at,
      closedAt: at,
    })
    .returning({ id: occurrences.id })
    .get().id;
}

/** Days after `start`, at `hour` UTC. */
export function day(start: string, days: number, hour = 9): Date {
  const base = new Date(`${start}T00:00:00Z`);
  return new Date(base.getTime() + days * 86_400_000 + hour * 3_600_000);
}
