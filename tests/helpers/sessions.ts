/**
 * Planning a client's sessions in words, as the therapist would in chat ("thu 14:00", "cancel thu"),
 * at the harness clock's time; throws on words that do not parse so a test cannot plan nothing.
 */
import type { Db } from "../../src/db/connection.js";
import { getClient } from "../../src/db/repos/people.js";
import { insertSession, type SessionRow } from "../../src/db/repos/sessions.js";
import type { SessionStatus } from "../../src/db/schema.js";
import { applySessionAction } from "../../src/sessions/plan.js";
import { parseSessionAction } from "../../src/sessions/spec.js";
import type { Harness } from "./harness.js";

export function sessionPlanner(h: Harness, clientId: number) {
  return (words: string) => {
    const action = parseSessionAction(words);
    const client = getClient(h.handle.db, clientId);
    if (!action || !client) throw new Error(`not a session plan: ${words}`);
    return applySessionAction(h.handle.db, client, action, {
      source: "chat",
      actor: "therapist:1",
      now: h.clock.now(),
    });
  };
}

/** A 50-minute session in UTC straight into the table (as the CLI would), for end-to-end scenes. */
export function insertUtcSession(
  db: Db,
  clientId: number,
  startsAt: Date,
  status: SessionStatus,
  now: Date,
): SessionRow {
  return insertSession(
    db,
    {
      clientId,
      startsAt,
      durationMinutes: 50,
      localDate: startsAt.toISOString().slice(0, 10),
      localTime: startsAt.toISOString().slice(11, 16),
      timezone: "UTC",
      source: "cli",
      status,
    },
    now,
  );
}
