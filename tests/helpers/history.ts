/**
 * Synthetic check-in histories written straight into the database: an answered check-in is an
 * occurrence (completed) with its answers at a given time; a missed or expired one has none. Values are
 * the four alliance items in order (safety, bond, goals, tasks).
 */
import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../src/db/connection.js";
import { answers, type OccurrenceStatus, occurrences, outbox } from "../../src/db/schema.js";

export const allianceItems = ["safe_to_say", "understood", "worked_on_what_matters", "way_of_working"] as const;

let sequence = 0;

/** An occurrence of the default check-in created at `createdAt`, closed at `closedAt`. */
function insertOccurrence(
  db: DbOrTx,
  clientId: number,
  times: { createdAt: Date; closedAt: Date; firstAnswerAt?: Date },
  status: OccurrenceStatus,
): number {
  sequence += 1;
  return db
    .insert(occurrences)
    .values({
      clientId,
      idempotencyKey: `history:${clientId}:${times.createdAt.getTime()}:${sequence}`,
      checkinId: "alliance-safety",
      checkinVersion: 1,
      itemIds: [...allianceItems, "note"],
      position: times.firstAnswerAt ? allianceItems.length + 1 : 0,
      status,
      scheduledFor: times.createdAt,
      createdAt: times.createdAt,
      closedAt: times.closedAt,
      ...(times.firstAnswerAt ? { firstAnswerAt: times.firstAnswerAt } : {}),
    })
    .returning({ id: occurrences.id })
    .get().id;
}

export function recordCheckin(
  db: DbOrTx,
  clientId: number,
  at: Date,
  values: readonly (number | null)[],
  options: { note?: string; versions?: number[]; status?: "completed" | "expired" } = {},
): number {
  const occurrence = insertOccurrence(
    db,
    clientId,
    { createdAt: new Date(at.getTime() - 60_000), closedAt: at, firstAnswerAt: at },
    options.status ?? "completed",
  );
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

/**
 * A check-in that was due and never answered. A missed one was never sent; an expired (or superseded)
 * one was delivered unless `delivered: false` (its first question never left the outbox).
 */
export function recordUnanswered(
  db: DbOrTx,
  clientId: number,
  at: Date,
  status: "missed" | "expired" | "superseded",
  options: { delivered?: boolean } = {},
): number {
  const id = insertOccurrence(db, clientId, { createdAt: at, closedAt: at }, status);
  if (status === "missed") return id;
  const delivered = options.delivered ?? true;
  const first = db
    .insert(outbox)
    .values({
      platform: "telegram",
      chatId: `history-chat-${clientId}`,
      payload: { kind: "message", text: "(first question)" },
      priority: 1,
      status: delivered ? "sent" : "failed",
      nextAttemptAt: at,
      dedupeKey: `history:first:${id}`,
      createdAt: at,
      ...(delivered ? { sentAt: at, platformMessageId: `m-${id}` } : {}),
    })
    .returning({ id: outbox.id })
    .get().id;
  db.update(occurrences).set({ firstOutboxId: first }).where(eq(occurrences.id, id)).run();
  return id;
}

/** Days after `start`, at `hour` UTC. */
export function day(start: string, days: number, hour = 9): Date {
  const base = new Date(`${start}T00:00:00Z`);
  return new Date(base.getTime() + days * 86_400_000 + hour * 3_600_000);
}
