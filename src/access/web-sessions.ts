/**
 * Ending a clinician's web sessions from outside the web view: at deactivation (src/admin), so a
 * clinician whose role ended is signed out everywhere at once, not at their next request.
 */
import { eq } from "drizzle-orm";
import type { DbOrTx } from "../db/connection.js";
import { webSessions } from "../db/schema.js";

export function endSessionsOf(db: DbOrTx, therapistId: number): number {
  return db.delete(webSessions).where(eq(webSessions.therapistId, therapistId)).run().changes;
}
