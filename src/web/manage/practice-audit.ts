/**
 * A practice's audit entries, for its administrators' audit page. The log has no practice column
 * (actors and subjects are ids: "client:3", "therapist:2", "cli"), so an entry is the practice's when
 * its actor or subject is one of the practice's clients or therapists, the practice itself, or one of
 * its alerts or schedules. Newest first, a page at a time: `before` is the id the previous page ended at.
 */
import { and, desc, lt, or, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/connection.js";
import { alerts, auditLog, clients, schedules, therapists } from "../../db/schema.js";

export const auditPageSize = 50;

export interface AuditQuery {
  practiceId: number;
  before?: number | undefined;
  /** Only actions starting with this ("risk.", "client.erased"). */
  actionPrefix?: string | undefined;
}

export function practiceAuditEntries(db: DbOrTx, query: AuditQuery) {
  const { practiceId } = query;
  const clientRefs = sql`select 'client:' || ${clients.id} from ${clients} where ${clients.practiceId} = ${practiceId}`;
  const therapistRefs = sql`select 'therapist:' || ${therapists.id} from ${therapists} where ${therapists.practiceId} = ${practiceId}`;
  const alertRefs = sql`select 'alert:' || ${alerts.id} from ${alerts} join ${clients} on ${clients.id} = ${alerts.clientId} where ${clients.practiceId} = ${practiceId}`;
  const scheduleRefs = sql`select 'schedule:' || ${schedules.id} from ${schedules} where ${schedules.practiceId} = ${practiceId}`;
  const ours = or(
    sql`${auditLog.subject} = ${`practice:${practiceId}`}`,
    sql`${auditLog.subject} in (${clientRefs})`,
    sql`${auditLog.actor} in (${clientRefs})`,
    sql`${auditLog.subject} in (${therapistRefs})`,
    sql`${auditLog.actor} in (${therapistRefs})`,
    sql`${auditLog.subject} in (${alertRefs})`,
    sql`${auditLog.subject} in (${scheduleRefs})`,
  );
  const { actionPrefix, before } = query;
  const conditions: Array<SQL | undefined> = [
    ours,
    before === undefined ? undefined : lt(auditLog.id, before),
    // substr rather than LIKE, as `audit show` does: "_" and "%" in a prefix mean themselves.
    actionPrefix ? sql`substr(${auditLog.action}, 1, ${actionPrefix.length}) = ${actionPrefix}` : undefined,
  ];
  const rows = db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(auditPageSize + 1)
    .all();
  return { entries: rows.slice(0, auditPageSize), more: rows.length > auditPageSize };
}
