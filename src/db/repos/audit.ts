/**
 * The audit log: who did what to whom. Actors and subjects are ids ("client:3", "cli", "system"),
 * details are ids and kinds: never answers, notes or names.
 */
import { and, desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../connection.js";
import { prepared } from "../prepared.js";
import { auditLog } from "../schema.js";

export type Actor = `client:${number}` | `therapist:${number}` | "cli" | "system";

export function audit(
  db: DbOrTx,
  entry: { actor: Actor; action: string; subject: string; detail?: Record<string, string | number | boolean | null> },
  now: Date,
): void {
  prepared(db, "audit.insert", (d) =>
    d
      .insert(auditLog)
      .values({
        at: sql.placeholder("at"),
        actor: sql.placeholder("actor"),
        action: sql.placeholder("action"),
        subject: sql.placeholder("subject"),
        // Raw placeholder: the JSON encoder would store a missing detail as the text "null".
        detail: sql`${sql.placeholder("detail")}`,
      })
      .prepare(),
  ).run({
    at: now,
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject,
    detail: entry.detail ? JSON.stringify(entry.detail) : null,
  });
}

/** The latest entry with this action about this subject (e.g. who last paused a client), if any. */
export function latestAuditEntry(db: DbOrTx, action: string, subject: string) {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.subject, subject), eq(auditLog.action, action)))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .get();
}
