/**
 * `npm run bench`: runs every benchmark, prints one table of ratios against references measured in
 * the same run, and writes docs/BENCHMARKS.md with the machine, Node version and date.
 *
 * `npm run bench -- summaries` (or BENCH_ONLY=summaries; also `scheduling`) runs one suite and only
 * prints its table: docs/BENCHMARKS.md is written by full runs alone, so it never loses rows.
 */
import { writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { resolve } from "node:path";
import { type BenchRow, runSchedulingBenchmarks } from "./scheduling.bench.js";
import { runSummaryBenchmarks } from "./summaries.bench.js";

const only = process.argv[2] ?? process.env.BENCH_ONLY;
const suites = ["scheduling", "summaries"];
if (only !== undefined && !suites.includes(only))
  throw new Error(`unknown suite "${only}": one of ${suites.join(", ")}`);
const runs = (suite: string) => only === undefined || only === suite;

const rows: BenchRow[] = [];
if (runs("scheduling")) rows.push(...(await runSchedulingBenchmarks()));
let seeding = "not run";
if (runs("summaries")) {
  const summaries = await runSummaryBenchmarks();
  rows.push(...summaries.rows);
  seeding = summaries.seeding;
}

const header =
  "| id | what | measured | reference | ratio | target | pass |\n| --- | --- | --- | --- | --- | --- | --- |";
const lines = rows.map(
  (r) =>
    `| ${r.id} | ${r.what} | ${r.measured} | ${r.reference} | ${r.ratio.toFixed(2)} | ${r.target} | ${r.pass ? "yes" : "NO"} |`,
);
const machine = `${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}`;
const table = [header, ...lines].join("\n");
process.stdout.write(`${machine}\n\n${table}\n`);

if (only === undefined)
  writeFileSync(
    resolve(import.meta.dirname, "../docs/BENCHMARKS.md"),
    `# Benchmarks

Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}. Machine: ${machine}.
Ratios compare each measurement with a reference taken in the same run (a platform limit, a time
budget, or plain prepared statements doing the same rows); higher is better.

${table}

Notes:
- B2b paces against the platform limit on a simulated clock: the dispatcher's waits advance the clock,
  so 10,000 sends do not take 5½ real minutes; the fake platform answers 429 whenever more than 30
  sends fall inside any one second of that clock. B2d checks the same pacing with real timers.
- B2e's "raw statements" column is the floor: the due-row lookup and 1,000 occurrence inserts alone,
  in the same two transactions. The tick also writes the first question and its buttons to the
  outbox, audits, and moves each cursor: about a dozen statements per slot.
- B2e history on this machine (profiled with \`node --cpu-prof\`): 1,922 ms with one transaction per
  slot and drizzle building and preparing every statement anew; 1,427 ms with one commit per batch of
  500 (a savepoint per slot); ~200 ms with the hot-path statements prepared once per connection
  (\`src/db/prepared.ts\`); ~175 ms once invalidated cursors are found through the due index instead
  of a scan of all clients every minute (the scan remains as a start-up and hourly safety net).
- B2e on this machine (2 × AMD EPYC, 2026-11-23) misses its 200 ms target: 286 ms here, and the
  step-5 code (commit 8d777c5) measured 303 ms in the same session, so this is the machine, not the
  weekly-summary work; it measured 185 ms on the Intel Xeon machine of earlier runs. Left for step 8.
- B3 seeds one practice (Europe/Stockholm) of 100 therapists × 50 clients with a year of twice-weekly
  check-ins ending 2026-11-22, into a file database in a temp dir that is deleted afterwards; this
  run: ${seeding}. Seeding is not measured. Scores are deterministic (seeded PRNG): mostly 3–5, short
  dips, ~8% of clients at the ceiling, ~10% of check-ins expired unanswered, ~30% with a note.
  B3a/b time \`summariseWeek\` for every therapist for 2026-W47 (nothing sent; each reads its 26-week
  window) after a warm-up of two therapists that is not counted, so statement preparation and JIT
  are not what is measured. The reference is one plain prepared SQL aggregate per therapist over the
  same answers joined to occurrences in the same window (count, mean, latest per client and item):
  the database doing the minimum over the same rows, with no application logic. Both run in a child
  process on the app's own pragmas; B3c is that child's peak RSS (\`process.resourceUsage().maxRSS\`,
  its whole life: start-up, summaries and reference), so seeding and earlier benchmarks do not count.
- B3a history on this machine (\`BENCH_CPU_PROF=<dir> npm run bench -- summaries\` profiles the child):
  9.7 s (ratio 0.11) with drizzle reading and mapping every answer row and every score re-filtered
  for each of 16 weeks × 4 dimensions; 5.6 s (0.20) with scores bucketed by week once; 5.3 s with
  the answer and occurrence reads as plain statements (\`rawRows\` in src/db/prepared.ts); 4.3 s once
  free text is read only for the summarised week; ~3.8 s with answers dated by their check-in's first
  answer (one column less on the largest read). The seed then gained the risk question (one more
  answer per check-in, ≈2.8 M answers in all) and both sides were restricted to the answers the
  summary scores (the alliance items): ~4.5 s (0.25); ~4.0 s (0.31) with the driver's row arrays fed
  straight into the scorer instead of an object per answer. What remains is mostly the driver turning
  ~1 M rows into JS values, which the aggregate reference never does. An index on occurrences
  (client_id, created_at) was tried: it makes both sides faster (the reference more, so the ratio
  falls) and was left out, as the summary is well within its 30 s budget.
`,
  );
if (rows.some((r) => !r.pass)) process.exitCode = 1;
