/**
 * B2e alone, three times in one process, for profiling the tick without the rest of the suite:
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/tick-profile.ts
 * Not part of `npm run bench` (which runs B2e once, inside the scheduling suite).
 */
import { type BenchRow, tickCost } from "./scheduling.bench.js";

const rows: BenchRow[] = [];
for (let i = 0; i < 3; i++) tickCost(rows);
for (const row of rows) console.log(row.measured);
