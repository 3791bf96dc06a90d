/**
 * B3: weekly summaries at practice scale. Seeds a year of twice-weekly check-ins for 5,000 clients
 * (100 therapists × 50) into a file database in a temp dir, then, in a child process
 * (bench/summaries-child.ts), computes every therapist's summary of 2026-W47 without sending it and
 * runs the raw SQL reference over the same rows. The temp dir is deleted afterwards.
 *
 * Set BENCH_CPU_PROF=<dir> to have the child write a `node --cpu-prof` profile there.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { BenchRow } from "./scheduling.bench.js";
import { seedHistory } from "./seed-history.js";
import type { SummariesResult } from "./summaries-child.js";

const budgetMs = 30_000;
const rssBudgetMb = 500;
const root = resolve(import.meta.dirname, "..");
/** Megabytes as the target states them (10^6 bytes). */
const mb = (bytes: number) => bytes / 1e6;
const n = (value: number) => value.toLocaleString("en-US", { maximumFractionDigits: 0 });

function measureInChild(path: string): SummariesResult {
  const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const stdout = execFileSync(
    process.execPath,
    [...profile, "--import", "tsx", join(root, "bench/summaries-child.ts"), path],
    { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
  );
  return JSON.parse(stdout.trim().split("\n").at(-1) as string) as SummariesResult;
}

export interface SummaryBenchmarks {
  rows: BenchRow[];
  /** What was seeded and how long it took, for the notes under the table. */
  seeding: string;
}

export async function runSummaryBenchmarks(): Promise<SummaryBenchmarks> {
  const dir = mkdtempSync(join(tmpdir(), "interlude-bench-"));
  try {
    const path = join(dir, "history.db");
    const started = performance.now();
    const seeded = seedHistory(path);
    const seedMs = performance.now() - started;
    const sizeMb = mb(statSync(path).size);
    const seeding =
      `${n(seeded.clients)} clients, ${n(seeded.occurrences)} check-ins (${n(seeded.unanswered)} expired unanswered), ` +
      `${n(seeded.answers)} answers (${n(seeded.notes)} with a note) seeded in ${(seedMs / 1_000).toFixed(1)} s; ` +
      `database file ${sizeMb.toFixed(0)} MB`;
    process.stdout.write(`B3 seeding: ${seeding}\n`);

    const r = measureInChild(path);
    const sanity = `${n(r.clients)} clients, ${n(r.flagged)} flagged (${n(r.needingAttention)} needing attention)`;
    const complete = r.clients === seeded.clients;
    const perSummary = r.summaryMs / r.therapists;
    return {
      seeding,
      rows: [
        {
          id: "B3a",
          what: `weekly summaries of 2026-W47 for ${r.therapists} therapists (26-week window, file DB)`,
          measured: `${n(r.summaryMs)} ms (${perSummary.toFixed(0)} ms/summary; ${sanity})`,
          reference: `raw SQL aggregate over the same ${n(r.rawAnswers)} answers: ${n(r.rawMs)} ms`,
          ratio: r.rawMs / r.summaryMs,
          target: "≥ 0.25 of raw speed",
          pass: r.rawMs / r.summaryMs >= 0.25 && complete,
        },
        {
          id: "B3b",
          what: "all weekly summaries, total time",
          measured: `${n(r.summaryMs)} ms`,
          reference: `${n(budgetMs)} ms budget`,
          ratio: budgetMs / r.summaryMs,
          target: "≥ 1 (under 30 s)",
          pass: r.summaryMs < budgetMs && complete,
        },
        {
          id: "B3c",
          what: "peak RSS of the process computing all summaries",
          measured: `${mb(r.maxRss).toFixed(0)} MB (highest sampled between summaries ${mb(r.sampledPeakRss).toFixed(0)} MB)`,
          reference: `${rssBudgetMb} MB budget`,
          ratio: rssBudgetMb / mb(r.maxRss),
          target: "≥ 1 (under 500 MB)",
          pass: mb(r.maxRss) < rssBudgetMb,
        },
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
