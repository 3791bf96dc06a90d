/**
 * Erasure requests that had to wait: the client asked in chat while a risk alert was open.
 */
import { and, asc, eq, isNotNull, isNull } from "drizzle-orm";
import type { DbOrTx } from "../connection.js";
import { clients } from "../schema.js";

/** Records the request once; a repeated request keeps the first time. */
export function requestErasure(db: DbOrTx, clientId: number, now: Date): void {
  db.update(clients)
    .set({ erasureRequestedAt: now })
    .where(and(eq(clients.id, clientId), isNull(clients.erasureRequestedAt)))
    .run();
}

export function withdrawErasureRequest(db: DbOrTx, clientId: number): void {
  db.update(clients).set({ erasureRequestedAt: null }).where(eq(clients.id, clientId)).run();
}

/** Clients waiting to be erased, oldest request first. */
export function clientsAwaitingErasure(db: DbOrTx): number[] {
  return db
    .select({ id: clients.id })
    .from(clients)
    .where(isNotNull(clients.erasureRequestedAt))
    .orderBy(asc(clients.erasureRequestedAt))
    .all()
    .map((r) => r.id);
}
