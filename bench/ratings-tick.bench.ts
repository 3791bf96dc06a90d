/**
 * B2r: the ratings' part of the minute tick at its worst minute — 100,000 held sessions inside the due
 * window, none of which can be asked about (their therapist has no linked chat), so the tick reads all
 * of them and asks nobody, every minute. Against the same rows read by one plain prepared statement.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../src/db/connection.js";
import { ratingsTick } from "../src/ratings/ratings-job.js";
import { loadPrompts } from "../src/safety/safety-prompts.js";
import type { BenchRow } from "./scheduling.bench.js";
import { seedClients } from "./seed.js";

const rounds = 5;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

export function ratingsTickCost(rows: BenchRow[]): void {
  const handle = openDatabase(join(mkdtempSync(join(tmpdir(), "interlude-bench-")), "ratings.db"));
  const now = new Date("2026-11-23T12:00:00Z");
  // Every client has a session held an hour ago: all 100,000 are due for a rating now.
  seedClients(handle, 100_000, 1_000, now, "session");
  const prompts = loadPrompts();
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    const report = ratingsTick(handle.db, prompts, new Date(now.getTime() + round * 60_000));
    times.push(performance.now() - started);
    if (report.asked !== 0) throw new Error(`round ${round} asked ${report.asked}, not 0`);
  }
  // The database doing the minimum: the same conditions over the same sessions as one plain statement.
  const window = `FROM sessions s JOIN clients c ON c.id = s.client_id JOIN therapists t ON t.id = c.therapist_id
     LEFT JOIN therapist_ratings r ON r.session_id = s.id
     WHERE s.status = 'held' AND s.starts_at >= ? AND s.starts_at <= ?
       AND s.starts_at + s.duration_minutes * 60000 BETWEEN ? AND ? AND c.practice_id = 1 AND r.id IS NULL`;
  const raw = handle.sqlite.prepare(
    `SELECT s.id ${window} AND c.status <> 'stopped' AND t.active = 1
       AND EXISTS (SELECT 1 FROM identities i WHERE i.therapist_id = c.therapist_id AND i.undeliverable = 0)`,
  );
  // Not timed: how many sessions the window holds, so the row shows both sides read all of them.
  const inWindow = handle.sqlite.prepare(`SELECT count(*) ${window}`).pluck();
  const rawTimes: number[] = [];
  let read = 0;
  for (let round = 0; round < rounds; round++) {
    const endedBy = now.getTime() + round * 60_000 - 60 * 60_000;
    const from = endedBy - 2 * 24 * 60 * 60_000;
    const started = performance.now();
    const asked = raw.all(from - 8 * 60 * 60_000, endedBy, from, endedBy).length;
    rawTimes.push(performance.now() - started);
    if (asked !== 0) throw new Error("the reference found sessions to ask about");
    read = inWindow.get(from - 8 * 60 * 60_000, endedBy, from, endedBy) as number;
  }
  const tickMs = median(times);
  const rawMs = median(rawTimes);
  rows.push({
    id: "B2r",
    what: "ratings tick at its worst minute: 100,000 held sessions due, no therapist reachable (all read, none asked)",
    measured: `${tickMs.toFixed(0)} ms median of ${rounds} (${times.map((t) => t.toFixed(0)).join(", ")})`,
    reference: `raw statement reading the same ${read.toLocaleString("en")} sessions: ${rawMs.toFixed(0)} ms`,
    ratio: rawMs / tickMs,
    target: "≥ 0.5 of raw speed",
    pass: rawMs / tickMs >= 0.5 && read === 100_000,
  });
  handle.close();
}
