/**
 * `npm run bench`: runs every benchmark, prints one table of ratios against references measured in
 * the same run, and writes docs/BENCHMARKS.md with the machine, Node version and date.
 */
import { writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { resolve } from "node:path";
import { type BenchRow, runSchedulingBenchmarks } from "./scheduling.bench.js";

const rows: BenchRow[] = [...(await runSchedulingBenchmarks())];

const header =
  "| id | what | measured | reference | ratio | target | pass |\n| --- | --- | --- | --- | --- | --- | --- |";
const lines = rows.map(
  (r) =>
    `| ${r.id} | ${r.what} | ${r.measured} | ${r.reference} | ${r.ratio.toFixed(2)} | ${r.target} | ${r.pass ? "yes" : "NO"} |`,
);
const machine = `${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}`;
const table = [header, ...lines].join("\n");
process.stdout.write(`${machine}\n\n${table}\n`);

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
`,
);
if (rows.some((r) => !r.pass)) process.exitCode = 1;
