/**
 * The safety loop's share of the minute tick: recover disclosures spooled while the database failed,
 * escalate unacknowledged risk alerts, and send due follow-ups. Each part runs even if another fails,
 * because a broken follow-up must never stop an escalation. Last, erasures that waited for a risk
 * alert to be acknowledged: they belong here because only the safety loop's state releases them.
 *
 * With several workers on one database, escalation, follow-ups and erasures are the database's
 * (the tick role's holder runs them, src/minute-tick.ts), but a spool is the worker's own: it lies
 * beside the process that could not write, so every worker replays its own (`spoolOnly`). Replaying
 * is safe on any worker: each entry is marked processed in the transaction that raises its alert.
 */
import type { Clock } from "../clock.js";
import type { Db } from "../db/connection.js";
import type { Logger } from "../logger.js";
import { eraseWhenSafe } from "../privacy/deferred-erasure.js";
import { escalateDue } from "./escalation.js";
import { sendDueFollowUps } from "./follow-up.js";
import type { SafetyPrompts } from "./safety-prompts.js";
import { type RiskSpool, replaySpool } from "./spool.js";

export interface SafetyReport {
  recovered: number;
  escalated: number;
  nobodyReachable: number;
  followUps: number;
  /** Clients erased at their own request once their risk alerts were acknowledged. */
  erased: number;
  failures: number;
}

export interface SafetyWatchDeps {
  db: Db;
  clock: Clock;
  prompts: SafetyPrompts;
  logger: Logger;
  spool: RiskSpool;
}

export class SafetyWatch {
  constructor(private readonly deps: SafetyWatchDeps) {}

  tick(options: { spoolOnly?: boolean } = {}): SafetyReport {
    const { db, prompts, logger, spool } = this.deps;
    const now = this.deps.clock.now();
    const report: SafetyReport = {
      recovered: 0,
      escalated: 0,
      nobodyReachable: 0,
      followUps: 0,
      erased: 0,
      failures: 0,
    };
    const attempt = (part: string, run: () => void) => {
      try {
        run();
      } catch (error) {
        report.failures += 1;
        logger.error(
          { part, err: { name: (error as Error).name, message: (error as Error).message } },
          "safety tick failed",
        );
      }
    };
    attempt("spool", () => {
      report.recovered = replaySpool(db, prompts, spool, logger, now);
    });
    if (options.spoolOnly) return report;
    attempt("escalation", () => {
      const result = escalateDue(db, prompts, now);
      report.escalated = result.escalated;
      report.nobodyReachable = result.nobodyReachable;
      if (result.nobodyReachable > 0) {
        logger.error({ alerts: result.nobodyReachable }, "risk alerts could not reach any clinician");
      }
    });
    attempt("follow-up", () => {
      report.followUps = sendDueFollowUps(db, prompts, now);
    });
    attempt("erasure", () => {
      const result = eraseWhenSafe(db, prompts, now);
      report.erased = result.erased;
      if (result.failed > 0) throw new Error(`${result.failed} deferred erasure(s) failed`);
    });
    return report;
  }
}
