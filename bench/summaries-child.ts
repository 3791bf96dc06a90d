/**
 * B3's measured part, run in its own process (`node --import tsx bench/summaries-child.ts <db>`) so
 * that its peak RSS is the cost of computing the summaries, not of seeding or of the benchmarks run
 * before it. Computes every therapist's summary of 2026-W47 (nothing is sent), then the raw SQL
 * reference over the same rows, and prints one JSON line for the parent.
 */
import { DateTime } from "luxon";
import { openDatabase } from "../src/db/connection.js";
import { scoredItemIds, summariseWeek } from "../src/insights/summarise.js";
import { lookbackWeeks } from "../src/insights/weekly-summary.js";
import { weekNamed } from "../src/insights/weeks.js";
import { loadPrompts } from "../src/safety/safety-prompts.js";
import { historyZone } from "./seed-history.js";

export interface SummariesResult {
  therapists: number;
  summaryMs: number;
  rawMs: number;
  clients: number;
  /** Clients with at least one flag, and those among them the summary counts as needing attention. */
  flagged: number;
  needingAttention: number;
  /** Answer rows the reference read, so the two sides can be seen to cover the same data. */
  rawAnswers: number;
  /** Highest RSS sampled after each summary, and the process's peak RSS over its whole life (bytes). */
  sampledPeakRss: number;
  maxRss: number;
}

const path = process.argv[2];
if (!path) throw new Error("usage: summaries-child.ts <database file>");
const { db, sqlite, close } = openDatabase(path);
const prompts = loadPrompts();
const week = weekNamed("2026-W47", historyZone);
if (!week) throw new Error("2026-W47 must exist");
const now = new Date("2026-11-23T08:00:00Z");
const therapistIds = sqlite.prepare("SELECT id FROM therapists ORDER BY id").pluck().all() as number[];

// The same window summariseWeek reads (same expression), so the reference reads the same rows.
const from = DateTime.fromJSDate(week.start, { zone: historyZone }).minus({ weeks: lookbackWeeks }).toMillis();
const to = Math.min(week.end.getTime(), now.getTime());
// The database doing the minimum over those rows: one aggregate per therapist, no application logic,
// with the summary's own filter on the answers (scored items only), so both read the same rows.
const scoredItems = JSON.stringify(scoredItemIds(prompts));
const rawAggregate = sqlite.prepare(
  `SELECT o.client_id, a.item_id, count(*) AS n, avg(a.value) AS mean, max(a.answered_at) AS last
   FROM occurrences o JOIN answers a ON a.occurrence_id = o.id
   WHERE o.client_id IN (SELECT id FROM clients WHERE therapist_id = ?)
     AND o.created_at >= ? AND a.answered_at < ? AND a.item_id IN (SELECT value FROM json_each(?))
   GROUP BY o.client_id, a.item_id`,
);

// Warm-up, not counted: the first calls prepare statements, load the check-in definitions' scoring
// key and JIT the hot code; a weekly job pays that once, not per therapist.
for (const id of therapistIds.slice(0, 2)) {
  summariseWeek(db, prompts, id, week, now);
  rawAggregate.all(id, from, to, scoredItems);
}

let clients = 0;
let flagged = 0;
let needingAttention = 0;
let sampledPeak = process.memoryUsage().rss;
let started = performance.now();
for (const id of therapistIds) {
  const summary = summariseWeek(db, prompts, id, week, now);
  if (!summary) throw new Error(`no summary for therapist ${id}`);
  clients += summary.headline.clients;
  needingAttention += summary.headline.needingAttention;
  flagged += summary.clients.filter((c) => c.flags.length > 0).length;
  // The loop is synchronous, so a timer would never fire inside it: sample between summaries instead.
  sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
}
const summaryMs = performance.now() - started;

let rawAnswers = 0;
started = performance.now();
for (const id of therapistIds) {
  for (const row of rawAggregate.all(id, from, to, scoredItems) as Array<{ n: number }>) rawAnswers += row.n;
}
const rawMs = performance.now() - started;
close();

const result: SummariesResult = {
  therapists: therapistIds.length,
  summaryMs,
  rawMs,
  clients,
  flagged,
  needingAttention,
  rawAnswers,
  sampledPeakRss: sampledPeak,
  // maxRSS is in KiB on Linux and macOS.
  maxRss: process.resourceUsage().maxRSS * 1024,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
