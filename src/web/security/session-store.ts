/**
 * @fastify/session's store, in the database: a restart neither logs anyone out nor brings back a
 * session that was ended, and every worker of the future reads the same sessions. The row is keyed by
 * the SHA-256 of the session id, so the table cannot be used to take over a session. Every request
 * saves its session (rolling), which moves the idle deadline on; a session idle longer is refused and
 * deleted by the next read, and the rest by `sweepSessions`.
 */

import { eq, lte } from "drizzle-orm";
import type { Session } from "fastify";
import { tokenHash } from "../../access/tokens.js";
import type { Clock } from "../../clock.js";
import type { Db, DbOrTx } from "../../db/connection.js";
import { webSessions } from "../../db/schema.js";

type Done = (error?: unknown) => void;

export class DatabaseSessionStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly idleMs: number,
  ) {}

  set(sessionId: string, session: Session, done: Done): void {
    try {
      const now = this.clock.now();
      const row = {
        therapistId: session.therapistId ?? null,
        data: JSON.stringify(session),
        expiresAt: new Date(now.getTime() + this.idleMs),
      };
      this.db
        .insert(webSessions)
        .values({ idHash: tokenHash(sessionId), createdAt: now, ...row })
        .onConflictDoUpdate({ target: webSessions.idHash, set: row })
        .run();
      done();
    } catch (error) {
      done(error);
    }
  }

  get(sessionId: string, done: (error: unknown, session?: Session | null) => void): void {
    try {
      const idHash = tokenHash(sessionId);
      const row = this.db.select().from(webSessions).where(eq(webSessions.idHash, idHash)).get();
      if (!row) return done(null, null);
      if (row.expiresAt <= this.clock.now()) {
        this.db.delete(webSessions).where(eq(webSessions.idHash, idHash)).run();
        return done(null, null);
      }
      done(null, JSON.parse(row.data) as Session);
    } catch (error) {
      done(error);
    }
  }

  destroy(sessionId: string, done: Done): void {
    try {
      this.db
        .delete(webSessions)
        .where(eq(webSessions.idHash, tokenHash(sessionId)))
        .run();
      done();
    } catch (error) {
      done(error);
    }
  }
}

export function sweepSessions(db: DbOrTx, now: Date): number {
  return db.delete(webSessions).where(lte(webSessions.expiresAt, now)).run().changes;
}
