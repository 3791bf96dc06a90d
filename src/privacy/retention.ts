/**
 * One retention run: for each practice, apply its retention period (what that purges and keeps is in
 * retention-rules.ts), then prune the housekeeping rows that belong to no practice; or, as a dry run,
 * only count what would go. Every real run is audited with counts per table, never content.
 *
 * Work is committed in small batches, one transaction each, so a large first run never holds the
 * write lock long enough to make the running bot (or the CLI beside it) wait out its busy timeout. A
 * crash between batches leaves nothing inconsistent (children go before their parents), and because a
 * purged row no longer matches its rule, running again simply finishes the job.
 */
import { type SQL, sql } from "drizzle-orm";
import { DAY } from "../clock.js";
import type { DbOrTx } from "../db/connection.js";
import { type Actor, audit } from "../db/repos/audit.js";
import { listPractices, type PracticeRow } from "../db/repos/people.js";
import { parsePracticeSettings, settingsOf } from "../practice/settings.js";
import {
  type HousekeepingRuleName,
  housekeepingRules,
  type PracticeRuleName,
  practiceRules,
  type Rule,
} from "./retention-rules.js";

/**
 * What retention reads of the risk spool (safety/spool.ts): the entries still to be replayed, whose
 * "already processed" markers it must not delete. Only this, so privacy stays below the safety code.
 */
export interface SpoolEntries {
  read(): { entries: ReadonlyArray<{ platform: string; updateId: string }> };
}

export type PracticeCounts = Record<PracticeRuleName, number>;
export type HousekeepingCounts = Record<HousekeepingRuleName, number>;

export interface PracticeRetention {
  practiceId: number;
  retentionDays: number;
  cutoff: Date;
  counts: PracticeCounts;
}

export interface RetentionReport {
  at: Date;
  dryRun: boolean;
  practices: PracticeRetention[];
  /** Null when the run was limited to one practice (or its housekeeping failed). */
  housekeeping: HousekeepingCounts | null;
  /** Parts that failed; what they committed before failing stays purged and the next run finishes it. */
  failures: { scope: string; error: string }[];
}

export interface RetentionOptions {
  now: Date;
  actor: Extract<Actor, "system" | "cli">;
  dryRun?: boolean;
  /** Only this practice, and no housekeeping. */
  practiceId?: number;
  /** The risk spool beside the database: its entries' replay markers are kept. */
  spool: SpoolEntries;
}

/** How long an inbound update id is remembered; platforms re-deliver within a day (Telegram) or minutes. */
export const processedUpdatesKeptMs = 30 * DAY;
/** An enrolment failure row whose window and block ended this long ago no longer slows anyone down. */
export const enrolmentAttemptsKeptMs = DAY;
/**
 * A handled or given-up webhook inbox row (already without its payload) is kept this long, for
 * looking into a failure; after that it says nothing anyone needs.
 */
export const inboxFinishedKeptMs = DAY;

/** The audit subject of a whole run (all practices and housekeeping); a one-practice run has none. */
const runSubject = "retention";
const batchSize = 500;

/** How many rows match a rule, and with `apply`, the rule carried out on exactly that many. */
function runRule<Name extends string>(db: DbOrTx, rule: Rule<Name>, apply: boolean): number {
  const table = sql.raw(rule.table);
  const [[matching = 0] = []] = db.values<[number]>(sql`select count(*) from ${table} where (${rule.where})`);
  if (!apply) return matching;
  let done = 0;
  // Bounded by the count, so a rule that failed to stop matching its own rows could not loop forever.
  while (done < matching) {
    const changed = db.transaction((tx) => {
      const ids = tx
        .values<[number]>(sql`select rowid from ${table} where (${rule.where}) limit ${batchSize}`)
        .map(([id]) => id);
      if (ids.length === 0) return 0;
      const chosen = sql`rowid in (select value from json_each(${JSON.stringify(ids)}))`;
      const statement: SQL =
        rule.change === "delete"
          ? sql`delete from ${table} where ${chosen}`
          : sql`update ${table} set ${rule.change} where ${chosen}`;
      return tx.run(statement).changes;
    });
    done += changed;
    if (changed < batchSize) break;
  }
  return done;
}

function runRules<Name extends string>(db: DbOrTx, rules: Rule<Name>[], apply: boolean, counts: Record<Name, number>) {
  // Counts are filled in as rules finish, so a failure part-way still reports what was done.
  for (const rule of rules) counts[rule.name] = runRule(db, rule, apply);
}

function zeroCounts<Name extends string>(rules: Rule<Name>[]): Record<Name, number> {
  return Object.fromEntries(rules.map((rule) => [rule.name, 0])) as Record<Name, number>;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The longest retention period of any practice: rows nobody can attribute are kept until all have passed. */
function longestRetentionDays(practices: PracticeRow[]): number {
  const days = practices.flatMap((practice) => {
    try {
      return [settingsOf(practice).retentionDays];
    } catch {
      return [];
    }
  });
  return days.length > 0 ? Math.max(...days) : parsePracticeSettings({}).retentionDays;
}

function purgePractice(
  db: DbOrTx,
  practice: PracticeRow,
  options: RetentionOptions,
  report: RetentionReport,
): PracticeRetention | undefined {
  const apply = !options.dryRun;
  let result: PracticeRetention | undefined;
  let failed = false;
  try {
    const retentionDays = settingsOf(practice).retentionDays;
    const cutoff = new Date(options.now.getTime() - retentionDays * DAY);
    const rules = practiceRules(practice.id, cutoff);
    result = { practiceId: practice.id, retentionDays, cutoff, counts: zeroCounts(rules) };
    runRules(db, rules, apply, result.counts);
  } catch (error) {
    failed = true;
    report.failures.push({ scope: `practice:${practice.id}`, error: describeError(error) });
  }
  if (apply && result) {
    const { retentionDays, cutoff, counts } = result;
    audit(
      db,
      {
        actor: options.actor,
        action: "retention.purged",
        subject: `practice:${practice.id}`,
        detail: { retentionDays, cutoff: cutoff.toISOString(), ...counts, failed },
      },
      options.now,
    );
  }
  return result;
}

function housekeeping(
  db: DbOrTx,
  practices: PracticeRow[],
  options: RetentionOptions,
  report: RetentionReport,
): HousekeepingCounts | null {
  const now = options.now.getTime();
  const rules = housekeepingRules({
    processedBefore: new Date(now - processedUpdatesKeptMs),
    keepProcessed: options.spool.read().entries.map((entry) => `${entry.platform} spool:${entry.updateId}`),
    attemptsBefore: new Date(now - enrolmentAttemptsKeptMs),
    unattributedBefore: new Date(now - longestRetentionDays(practices) * DAY),
    inboxFinishedBefore: new Date(now - inboxFinishedKeptMs),
  });
  const counts = zeroCounts(rules);
  try {
    runRules(db, rules, !options.dryRun, counts);
    return counts;
  } catch (error) {
    report.failures.push({ scope: "housekeeping", error: describeError(error) });
    return null;
  }
}

/** Sums each practice's counts per table, for the run's own audit entry. */
function totals(practices: PracticeRetention[]): Record<string, number> {
  const sum: Record<string, number> = {};
  for (const { counts } of practices) {
    for (const [name, count] of Object.entries(counts)) sum[name] = (sum[name] ?? 0) + count;
  }
  return sum;
}

/**
 * Runs (or with `dryRun`, counts) retention for every practice, or for `practiceId` alone. Never
 * throws for a failing practice: its failure is in the report and the others still run.
 */
export function runRetention(db: DbOrTx, options: RetentionOptions): RetentionReport {
  const report: RetentionReport = {
    at: options.now,
    dryRun: options.dryRun ?? false,
    practices: [],
    housekeeping: null,
    failures: [],
  };
  const all = listPractices(db);
  const chosen = options.practiceId === undefined ? all : all.filter((p) => p.id === options.practiceId);
  for (const practice of chosen) {
    const result = purgePractice(db, practice, options, report);
    if (result) report.practices.push(result);
  }
  if (options.practiceId !== undefined) return report;
  report.housekeeping = housekeeping(db, all, options, report);
  if (!report.dryRun) {
    audit(
      db,
      {
        actor: options.actor,
        action: "retention.purged",
        subject: runSubject,
        detail: {
          practices: report.practices.length,
          ...totals(report.practices),
          ...(report.housekeeping ?? {}),
          failures: report.failures.length,
        },
      },
      options.now,
    );
  }
  return report;
}

/** When the last run over all practices was recorded, by anyone (the daily job or the CLI). */
export function lastFullRun(db: DbOrTx): Date | undefined {
  const [[at] = []] = db.values<[number | null]>(
    sql`select max(at) from audit_log where subject = ${runSubject} and action = 'retention.purged'`,
  );
  return at === null || at === undefined ? undefined : new Date(at);
}
