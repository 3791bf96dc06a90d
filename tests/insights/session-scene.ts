/**
 * Check-ins about sessions for the per-session trend tests: sessions are rows, and a check-in is tied
 * to one the way the scheduler ties it (`occurrences.session_id`).
 */
import { eq } from "drizzle-orm";
import { insertSession } from "../../src/db/repos/sessions.js";
import { occurrences } from "../../src/db/schema.js";
import type { Caseload } from "../helpers/caseload.js";
import { day, recordCheckin, recordUnanswered } from "../helpers/history.js";

/** A held 50-minute session starting at `startsAt` (UTC); its id. */
export function addSession(c: Caseload, clientId: number, startsAt: Date): number {
  const local = startsAt.toISOString();
  return insertSession(
    c.handle.db,
    {
      clientId,
      startsAt,
      durationMinutes: 50,
      localDate: local.slice(0, 10),
      localTime: local.slice(11, 16),
      timezone: "Europe/Stockholm",
      source: "cli",
      status: "held",
    },
    c.clock.now(),
  ).id;
}

export function tieToSession(c: Caseload, occurrenceId: number, sessionId: number): void {
  c.handle.db.update(occurrences).set({ sessionId }).where(eq(occurrences.id, occurrenceId)).run();
}

/**
 * A session on `date` at 13:00 UTC and, the next morning, a check-in about it with bond `bond` and 4 for
 * the other items (or, with `bond` undefined, a check-in that reached the client and expired).
 */
export function sessionWithCheckin(c: Caseload, clientId: number, date: string, bond: number | undefined): number {
  const session = addSession(c, clientId, day(date, 0, 13));
  const at = day(date, 1);
  const occurrence =
    bond === undefined
      ? recordUnanswered(c.handle.db, clientId, at, "expired")
      : recordCheckin(c.handle.db, clientId, at, [4, bond, 4, 4]);
  tieToSession(c, occurrence, session);
  return session;
}

/** `sessionWithCheckin` for each date, in order: bond values by session date. */
export function sessionsWithCheckins(c: Caseload, clientId: number, bonds: Record<string, number | undefined>): void {
  for (const [date, bond] of Object.entries(bonds)) sessionWithCheckin(c, clientId, date, bond);
}
