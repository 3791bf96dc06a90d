/**
 * The audit log: who did what to whom. Actors and subjects are ids ("client:3", "cli", "system"),
 * details are ids and kinds: never answers, notes or names.
 */
import type { DbOrTx } from "../connection.js";
import { auditLog } from "../schema.js";

export type Actor = `client:${number}` | `therapist:${number}` | "cli" | "system";

export function audit(
  db: DbOrTx,
  entry: { actor: Actor; action: string; subject: string; detail?: Record<string, string | number | boolean | null> },
  now: Date,
): void {
  db.insert(auditLog)
    .values({ at: now, actor: entry.actor, action: entry.action, subject: entry.subject, detail: entry.detail ?? null })
    .run();
}
