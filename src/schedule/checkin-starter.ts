/**
 * What the scheduler asks for when a slot is due: a check-in started for a client under the slot's
 * idempotency key. The conversation engine does the starting (engine/start-checkin.ts) and is given
 * to the scheduler by whoever builds it, so the schedule layer stays below the engine.
 */
import type { Tx } from "../db/connection.js";
import type { ClientRow, PracticeRow } from "../db/repos/people.js";

export interface Slot {
  /** Unique per (client, schedule, local date, slot); a second start with it does nothing. */
  idempotencyKey: string;
  scheduledFor: Date;
  scheduleId?: number;
  /** The session a schedule timed to sessions gave this slot for; the check-in is about it. */
  sessionId?: number;
}

export type StartResult =
  | { status: "started"; occurrenceId: number }
  | { status: "duplicate" }
  | { status: "skipped"; reason: "client_not_active" | "no_deliverable_account" | "unknown_checkin" };

/** Starts the check-in of `slot` for `client`, whose practice the tick has already read (undefined: read it). */
export type CheckinStarter = (
  tx: Tx,
  client: ClientRow,
  slot: Slot,
  now: Date,
  practice: PracticeRow | undefined,
) => StartResult;
