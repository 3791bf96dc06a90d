/**
 * Whose zone a time shown at the terminal is in: the person the record is about. A client's own zone,
 * else their practice's; a therapist's own, else their practice's; and for records about nobody in
 * particular (the audit log, a retention run) the practice's, or UTC when practices differ. The
 * formatter names the zone every time, so the reader never has to guess.
 */
import type { DbOrTx } from "../db/connection.js";
import { type ClientRow, getPractice, listPractices, type TherapistRow } from "../db/repos/people.js";

export function clientZone(db: DbOrTx, client: Pick<ClientRow, "timezone" | "practiceId">): string {
  return client.timezone ?? getPractice(db, client.practiceId)?.timezone ?? "UTC";
}

export function therapistZone(db: DbOrTx, therapist: Pick<TherapistRow, "timezone" | "practiceId">): string {
  return therapist.timezone ?? getPractice(db, therapist.practiceId)?.timezone ?? "UTC";
}

/** The zone shared by every practice on this database, or UTC when there is none or they differ. */
export function operatorZone(db: DbOrTx): string {
  const zones = new Set(listPractices(db).map((p) => p.timezone));
  return zones.size === 1 ? ([...zones][0] as string) : "UTC";
}
