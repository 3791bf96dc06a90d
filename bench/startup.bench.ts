/**
 * B4: cold start to ready, and idle memory, of the real program as `npm start` runs it: first the
 * build (timed once, reported beside the starts), then plain node on dist/src/main.js, median of
 * several runs:
 *  - the console demo on a database where the demo client is enrolled and mid-check-in (the usual
 *    restart): ready = the check-in's first question printed;
 *  - the console demo's very first run on a fresh database (migrations, demo practice, invite):
 *    ready = the consent question printed;
 *  - Telegram and Discord at once against the local fakes (started in this process): ready = both
 *    adapters' info log lines ("telegram long polling started", "discord client ready").
 * Idle RSS is the child's VmRSS 3 s after ready. Set BENCH_CPU_PROF=<dir> to profile every child.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeDiscord } from "../tests/fakes/discord/fake-discord.js";
import { FakeBotApi } from "../tests/fakes/telegram/fake-bot-api.js";
import { type StartOptions, type StartResult, timeStart } from "./child-start.js";
import type { BenchRow } from "./scheduling.bench.js";

const runs = 5;
const idleMs = 3_000;
const readyTargetMs = 2_000;
const rssTargetMb = 150;
const consent = "[1] I agree";
const firstQuestion = "In our last session, I felt safe to say what really mattered to me.";
const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const mb = (bytes: number) => bytes / 1e6;

async function repeat(count: number, options: () => StartOptions): Promise<StartResult[]> {
  const results: StartResult[] = [];
  for (let i = 0; i < count; i++) results.push(await timeStart({ nodeArgs: profile, ...options() }));
  return results;
}

function rows(id: string, what: string, results: StartResult[]): BenchRow[] {
  const ready = median(results.map((r) => r.readyMs));
  const all = results.map((r) => r.readyMs.toFixed(0)).join(", ");
  const out: BenchRow[] = [
    {
      id: `${id}`,
      what: `cold start to ready: ${what}`,
      measured: `${ready.toFixed(0)} ms median of ${results.length} (${all})`,
      reference: `${readyTargetMs} ms target`,
      ratio: readyTargetMs / ready,
      target: "≥ 1 (under 2 s)",
      pass: ready < readyTargetMs,
    },
  ];
  const rss = results.flatMap((r) => (r.idleRss === undefined ? [] : [mb(r.idleRss)]));
  if (rss.length > 0) {
    const idle = median(rss);
    out.push({
      id: `${id}-rss`,
      what: `idle RSS ${idleMs / 1_000} s after ready: ${what}`,
      measured: `${idle.toFixed(0)} MB median (${rss.map((v) => v.toFixed(0)).join(", ")})`,
      reference: `${rssTargetMb} MB target`,
      ratio: rssTargetMb / idle,
      target: "≥ 1 (under 150 MB)",
      pass: idle < rssTargetMb,
    });
  }
  return out;
}

/** `npm start` runs the build before every start; this row adds it to the resuming console demo. */
function withBuild(buildMs: number, warm: StartResult[]): BenchRow {
  const total = buildMs + median(warm.map((r) => r.readyMs));
  return {
    id: "B4d",
    what: "npm start as a whole: build into dist/ + console demo resuming (npm's own start excluded)",
    measured: `${total.toFixed(0)} ms (build ${buildMs.toFixed(0)} ms + B4a median)`,
    reference: `${readyTargetMs} ms target`,
    ratio: readyTargetMs / total,
    target: "≥ 1 (under 2 s)",
    pass: total < readyTargetMs,
  };
}

/** Enrols the demo client and opens its check-in, so later starts resume at the first question. */
async function enrolledDemo(dbPath: string): Promise<void> {
  let agreed = false;
  await timeStart({
    env: { INTERLUDE_DB: dbPath },
    input: (stdout) => {
      if (agreed || !stdout.includes(consent)) return undefined;
      agreed = true;
      return "1";
    },
    ready: (stdout) => stdout.includes(firstQuestion),
    idleMs: 0,
  });
}

/** `npm start`'s first half: the transpile into dist/ that every start runs before the program. */
function build(): number {
  const started = performance.now();
  execFileSync(process.execPath, ["scripts/build.mjs", "--quiet"], { cwd: join(import.meta.dirname, "..") });
  return performance.now() - started;
}

export async function runStartupBenchmarks(): Promise<BenchRow[]> {
  const buildMs = build();
  const dir = mkdtempSync(join(tmpdir(), "interlude-bench-startup-"));
  const telegram = await FakeBotApi.start();
  const discord = await FakeDiscord.start();
  try {
    const demoDb = join(dir, "demo.db");
    await enrolledDemo(demoDb);
    const warm = await repeat(runs, () => ({
      env: { INTERLUDE_DB: demoDb },
      ready: (stdout) => stdout.includes(firstQuestion),
      idleMs,
    }));
    let fresh = 0;
    const first = await repeat(runs, () => ({
      env: { INTERLUDE_DB: join(dir, `fresh-${++fresh}.db`) },
      ready: (stdout) => stdout.includes(consent),
      idleMs: 0,
    }));
    let platformDb = 0;
    const platforms = await repeat(runs, () => ({
      env: {
        INTERLUDE_DB: join(dir, `platforms-${++platformDb}.db`),
        LOG_LEVEL: "info",
        TELEGRAM_BOT_TOKEN: telegram.token,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        DISCORD_BOT_TOKEN: discord.token,
        DISCORD_APPLICATION_ID: discord.applicationId,
        DISCORD_API_ROOT: discord.restRoot,
      },
      ready: (_stdout, stderr) =>
        stderr.includes('"msg":"telegram long polling started"') && stderr.includes('"msg":"discord client ready"'),
      idleMs,
    }));
    return [
      ...rows("B4a", "console demo, enrolled client resuming (first question printed)", warm),
      ...rows("B4b", "console demo, first run on a fresh database (consent question printed)", first),
      ...rows("B4c", "Telegram + Discord against local fakes, fresh database (both adapters logged ready)", platforms),
      withBuild(buildMs, warm),
    ];
  } finally {
    await telegram.close();
    await discord.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
