/**
 * `retention run`: the daily retention job on demand, for one practice or all, or as a dry run that
 * counts what would go (per practice and table) and changes nothing, not even the audit log.
 */
import type { Command } from "commander";
import type { DbOrTx } from "../../db/connection.js";
import { getPractice } from "../../db/repos/people.js";
import { formatLocalTime } from "../../i18n/local-time.js";
import { operatorZone } from "../../practice/zones.js";
import { type RetentionReport, runRetention } from "../../privacy/retention.js";
import type { HousekeepingRuleName, PracticeRuleName } from "../../privacy/retention-rules.js";
import { spoolFor } from "../../safety/database-spool.js";
import { idArg, parseArg } from "../arguments.js";
import { type CliContext, CliUsageError, printResult } from "../context.js";

const labels: Record<PracticeRuleName | HousekeepingRuleName, string> = {
  choiceSets: "button sets",
  answers: "answers and notes",
  occurrences: "check-ins",
  outboxPayloads: "message texts",
  alertTriggerTexts: "alert trigger texts",
  followUpNotes: "follow-up notes",
  therapistRatings: "therapists' session ratings",
  topics: "topics kept for a session",
  sessions: "past sessions",
  processedUpdates: "processed update ids",
  enrolmentAttempts: "enrolment attempt counters",
  unattributedOutboxPayloads: "message texts of no practice",
  telegramInbox: "handled webhook updates",
};

function countsLine(counts: Partial<Record<keyof typeof labels, number>>): string {
  return Object.entries(counts)
    .map(([name, count]) => `${count} ${labels[name as keyof typeof labels]}`)
    .join(", ");
}

function humanLines(db: DbOrTx, report: RetentionReport): string[] {
  const at = formatLocalTime(report.at, operatorZone(db));
  const lines = [
    report.dryRun ? `Retention dry run at ${at}: nothing was changed. Would purge:` : `Retention run at ${at}. Purged:`,
  ];
  for (const p of report.practices) {
    // Each practice's cutoff in its own zone: that is where its retention days are counted by people.
    const cutoff = formatLocalTime(p.cutoff, getPractice(db, p.practiceId)?.timezone ?? "UTC");
    lines.push(`  practice ${p.practiceId} (${p.retentionDays} days, before ${cutoff}): ${countsLine(p.counts)}`);
  }
  if (report.housekeeping) lines.push(`  housekeeping: ${countsLine(report.housekeeping)}`);
  for (const f of report.failures) lines.push(`  FAILED ${f.scope}: ${f.error}`);
  return lines;
}

function jsonOf(report: RetentionReport): Record<string, unknown> {
  return {
    at: report.at.toISOString(),
    dryRun: report.dryRun,
    practices: report.practices.map((p) => ({ ...p, cutoff: p.cutoff.toISOString() })),
    housekeeping: report.housekeeping,
    failures: report.failures,
  };
}

export function registerRetentionCommands(program: Command, ctx: CliContext): void {
  const retention = program
    .command("retention")
    .description("purging what a practice's retention period no longer allows");
  retention
    .command("run")
    .description(
      "purge now what the daily job would (answers, notes, message texts, closed check-ins), per retentionDays",
    )
    .option("--practice <id>", "only this practice (the housekeeping rows are left to a full run)")
    .option("--dry-run", "count what would be purged, per practice and table, and change nothing", false)
    .option("--json", "print one JSON object", false)
    .action((options: { practice?: string; dryRun: boolean; json: boolean }) => {
      const practiceId = options.practice === undefined ? undefined : parseArg(idArg, options.practice, "--practice");
      const { db } = ctx.database();
      if (practiceId !== undefined && !getPractice(db, practiceId)) {
        throw new CliUsageError(`--practice: no practice with id ${practiceId}`);
      }
      const report = runRetention(db, {
        now: ctx.clock.now(),
        actor: "cli",
        dryRun: options.dryRun,
        ...(practiceId === undefined ? {} : { practiceId }),
        spool: spoolFor(ctx.config.INTERLUDE_DB),
      });
      printResult(ctx, options.json, jsonOf(report), humanLines(db, report));
      if (report.failures.length > 0) {
        throw new Error(`retention failed for ${report.failures.map((f) => f.scope).join(", ")}`);
      }
    });
}
