/**
 * B1: inbound answers per second through the engine, on a file database with the app's own pragmas
 * (WAL, synchronous=FULL: every answer is a commit, and the commit's fsync is most of its cost).
 * Every client answers its open check-in one question per round, clients interleaved; each
 * `engine.handle` call is timed alone, so the total is handling time only (reading which button to
 * press next is not counted). The reference does the same rows on an identically seeded database with
 * plain prepared statements (bench/engine-raw.ts). Both temp dirs are deleted afterwards.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeClock } from "../src/clock.js";
import { type DatabaseHandle, openDatabase } from "../src/db/connection.js";
import { Engine } from "../src/engine/engine.js";
import { skipKey } from "../src/engine/questions.js";
import { silentLogger } from "../src/logger.js";
import { loadPrompts, type SafetyPrompts } from "../src/safety/safety-prompts.js";
import { RawAnswerer } from "./engine-raw.js";
import { type Press, pressesFor, seedOpenCheckins } from "./open-checkins.js";
import type { BenchRow } from "./scheduling.bench.js";

/** 2,000 clients × the default check-in's 5 items = 10,000 answers per side: ~30 s for both sides here. */
const clients = Number(process.env.BENCH_ENGINE_CLIENTS ?? 2_000);
const target = 0.5;
const countedTables = ["processed_updates", "answers", "audit_log", "occurrences", "outbox", "choice_sets"];

interface Run {
  latenciesMs: number[];
  totalMs: number;
  rows: Record<string, number>;
}

/** Runs every round on a fresh seeded database; `answer` is the side being measured. */
function run(
  prompts: SafetyPrompts,
  answer: (handle: DatabaseHandle) => (press: Press, updateId: string) => void,
): Run {
  const dir = mkdtempSync(join(tmpdir(), "interlude-bench-engine-"));
  const clock = new FakeClock("2026-11-23T12:00:00Z");
  const handle = openDatabase(join(dir, "engine.db"));
  try {
    const itemIds = seedOpenCheckins(handle, clients, clock, prompts);
    const checkin = prompts.checkins.get("alliance-safety");
    const press = answer(handle);
    const latenciesMs: number[] = [];
    let update = 0;
    for (const itemId of itemIds) {
      const item = checkin?.items.find((i) => i.id === itemId);
      const presses = pressesFor(handle, itemId, item?.kind === "text" ? skipKey : "4");
      for (const p of presses) {
        const updateId = `b${++update}`;
        const started = performance.now();
        press(p, updateId);
        latenciesMs.push(performance.now() - started);
      }
    }
    const rows = Object.fromEntries(
      countedTables.map((t) => [t, (handle.sqlite.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n]),
    );
    return { latenciesMs, totalMs: latenciesMs.reduce((a, b) => a + b, 0), rows };
  } finally {
    handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const perSecond = (r: Run) => r.latenciesMs.length / (r.totalMs / 1_000);
function describe(r: Run): string {
  const sorted = [...r.latenciesMs].sort((a, b) => a - b);
  const ms = (v: number) => `${v.toFixed(2)} ms`;
  return `${perSecond(r).toFixed(0)} answers/s (p50 ${ms(percentile(sorted, 50))}, p99 ${ms(percentile(sorted, 99))})`;
}

export function runEngineBenchmarks(): BenchRow[] {
  const prompts = loadPrompts();
  const engine = run(prompts, (handle) => {
    const clock = new FakeClock("2026-11-23T12:01:00Z");
    const e = new Engine({ db: handle.db, clock, prompts, logger: silentLogger });
    return (p, updateId) => {
      const outcome = e.handle({
        platform: "console",
        platformUserId: p.user,
        chatId: p.chat,
        updateId,
        payload: { type: "choice", data: p.data },
      });
      if (outcome !== "handled") throw new Error(`answer ${updateId}: ${outcome}`);
    };
  });
  const raw = run(prompts, (handle) => {
    const answerer = new RawAnswerer(handle.sqlite);
    const at = Date.parse("2026-11-23T12:01:00Z");
    return (p, updateId) => answerer.answer(p, updateId, at);
  });
  // Same rows on both sides, or the comparison means nothing.
  const mismatched = countedTables.filter((t) => engine.rows[t] !== raw.rows[t]);
  const ratio = perSecond(engine) / perSecond(raw);
  return [
    {
      id: "B1a",
      what: `${engine.latenciesMs.length.toLocaleString("en-US")} button answers through engine.handle (${clients.toLocaleString("en-US")} open check-ins, file db, synchronous=FULL)`,
      measured: describe(engine),
      reference: `raw statements, same rows: ${describe(raw)}`,
      ratio,
      target: `≥ ${target} of raw`,
      pass: ratio >= target && mismatched.length === 0,
    },
    {
      id: "B1b",
      what: "rows written, engine vs raw (must match)",
      measured: countedTables.map((t) => `${t} ${engine.rows[t]}`).join(", "),
      reference:
        mismatched.length === 0
          ? "raw: identical"
          : `raw differs: ${mismatched.map((t) => `${t} ${raw.rows[t]}`).join(", ")}`,
      ratio: mismatched.length === 0 ? 1 : 0,
      target: "= 1 (identical)",
      pass: mismatched.length === 0,
    },
  ];
}
