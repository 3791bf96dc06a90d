/**
 * Retention's share of the minute tick: a full run at most once a day. The last run is kept in memory
 * so most ticks cost nothing, and read back from the audit log (where every run is recorded) so a
 * restart, or a run from the CLI, counts too. Running twice would be harmless anyway: a second run
 * finds nothing left to purge.
 */
import { type Clock, DAY, HOUR } from "../clock.js";
import type { Db } from "../db/connection.js";
import type { Logger } from "../logger.js";
import { lastFullRun, type RetentionReport, runRetention, type SpoolEntries } from "./retention.js";

export interface RetentionJobDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  spool: SpoolEntries;
}

/** After a run that threw (the database failing, say), try again in an hour rather than every minute. */
const retryAfterFailureMs = HOUR;

export class RetentionJob {
  /** Epoch ms before which no run is due; undefined until the audit log has been read. */
  private nextDueAt: number | undefined;

  constructor(private readonly deps: RetentionJobDeps) {}

  /** Runs retention if a day has passed since the last full run. Never throws: the tick must go on. */
  tick(): RetentionReport | undefined {
    const { db, logger, spool } = this.deps;
    const now = this.deps.clock.now();
    if (this.nextDueAt !== undefined && now.getTime() < this.nextDueAt) return undefined;
    try {
      const last = lastFullRun(db);
      if (last && now.getTime() < last.getTime() + DAY) {
        this.nextDueAt = last.getTime() + DAY;
        return undefined;
      }
      this.nextDueAt = now.getTime() + DAY;
      const report = runRetention(db, { now, actor: "system", spool });
      for (const failure of report.failures) logger.error(failure, "retention failed for part of the data");
      // Counts only: what was purged is never named.
      logger.info({ practices: report.practices.length, housekeeping: report.housekeeping }, "retention ran");
      return report;
    } catch (error) {
      this.nextDueAt = now.getTime() + retryAfterFailureMs;
      logger.error({ err: { name: (error as Error).name, message: (error as Error).message } }, "retention failed");
      return undefined;
    }
  }
}
