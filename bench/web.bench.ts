/**
 * B7: the clinicians' web view.
 *  - B7a: the caseload page of one therapist with 200 current clients and a year of twice-weekly
 *    check-ins (bench/seed-history.ts with one therapist), 50 requests through `app.inject` after a
 *    warm-up, each timed alone: server time p50 and p99 against a stated budget. Every request is
 *    what a signed-in browser sends (session cookie), so the session read and write, the audit row
 *    and the 26-week summary are all in it.
 *  - B7b: requests per second of GET /healthz over real HTTP on 127.0.0.1 (keep-alive, 16 requests in
 *    flight), the web view with all its plugins against a bare Fastify route returning the same body,
 *    each server in a child process of its own (bench/web-server-child.ts), alternated in the same run.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { issueLoginLink } from "../src/access/login-links.js";
import { FakeClock } from "../src/clock.js";
import { openDatabase } from "../src/db/connection.js";
import { getTherapist } from "../src/db/repos/people.js";
import { summariseWeek, therapistZone } from "../src/insights/summarise.js";
import { weekContaining } from "../src/insights/weeks.js";
import { silentLogger } from "../src/logger.js";
import { loadPrompts } from "../src/safety/safety-prompts.js";
import { buildWebServer } from "../src/web/server.js";
import { TestBrowser } from "../tests/helpers/web.js";
import type { BenchRow } from "./scheduling.bench.js";
import { seedHistory } from "./seed-history.js";

const root = resolve(import.meta.dirname, "..");
const caseloadClients = 200;
const caseloadRequests = 50;
const caseloadWarmup = 5;
const caseloadBudgetMs = 200;
/** A Sunday noon in Stockholm: the seeded year's last week (2026-W47) is the running week, all answered. */
const caseloadNow = "2026-11-22T11:00:00Z";

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

async function caseloadPage(dir: string): Promise<BenchRow[]> {
  const path = join(dir, "caseload.db");
  const seeded = seedHistory(path, 47, { therapists: 1, clientsPerTherapist: caseloadClients });
  const handle = openDatabase(path);
  const clock = new FakeClock(caseloadNow);
  const prompts = loadPrompts();
  const app = await buildWebServer({
    db: handle.db,
    clock,
    prompts,
    logger: silentLogger,
    onQueued: () => undefined,
    publicUrl: "http://127.0.0.1:4780",
  });
  try {
    // Signed in as the seeded therapist by a login link, as a browser is (the link is issued directly:
    // sending it through a chat is not what is measured).
    const browser = new TestBrowser(app);
    const link = `/login/${issueLoginLink(handle.db, 1, clock.now())}`;
    const login = await browser.submit(link, link);
    if (login.statusCode !== 303) throw new Error(`B7a: login failed (${login.statusCode})`);

    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < caseloadWarmup + caseloadRequests; i++) {
      const started = performance.now();
      const page = await browser.get("/");
      const ms = performance.now() - started;
      if (page.statusCode !== 200) throw new Error(`B7a: caseload answered ${page.statusCode}`);
      rows = page.body.match(/<th scope="row">/g)?.length ?? 0;
      if (i >= caseloadWarmup) times.push(ms);
    }
    const sorted = [...times].sort((a, b) => a - b);
    const p50 = percentile(sorted, 50);
    const p99 = percentile(sorted, 99);
    // What the page is built on, timed alone the same number of times: the weekly summary itself.
    const therapist = getTherapist(handle.db, 1);
    if (!therapist) throw new Error("B7a: no seeded therapist");
    const week = weekContaining(clock.now(), therapistZone(handle.db, therapist));
    const summaryTimes: number[] = [];
    for (let i = 0; i < caseloadRequests; i++) {
      const started = performance.now();
      summariseWeek(handle.db, prompts, 1, week, clock.now());
      summaryTimes.push(performance.now() - started);
    }
    const summaryP50 = percentile(
      summaryTimes.sort((a, b) => a - b),
      50,
    );
    return [
      {
        id: "B7a",
        what: `caseload page, 1 therapist × ${caseloadClients} clients, a year of history (${seeded.answers.toLocaleString("en-US")} answers), ${caseloadRequests} requests`,
        measured: `p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms (${rows} rows on the page)`,
        reference: `${caseloadBudgetMs} ms p99 budget (summariseWeek alone: p50 ${summaryP50.toFixed(0)} ms)`,
        ratio: caseloadBudgetMs / p99,
        target: "≥ 1 (p99 under 200 ms)",
        pass: p99 < caseloadBudgetMs && rows === caseloadClients,
      },
      // What the web view adds on top of the summary it shows (sessions, audit, the table's HTML):
      // the part of the page's time that is the web layer's own.
      {
        id: "B7c",
        what: "caseload page against the weekly summary it is built on (same data, same run)",
        measured: `page p50 ${p50.toFixed(0)} ms`,
        reference: `summariseWeek alone p50 ${summaryP50.toFixed(0)} ms`,
        ratio: summaryP50 / p50,
        target: "≥ 0.7 (the web layer adds under 30 %)",
        pass: summaryP50 / p50 >= 0.7,
      },
    ];
  } finally {
    await app.close();
    handle.close();
  }
}

interface Server {
  port: number;
  child: ChildProcess;
}

async function startServer(args: string[]): Promise<Server> {
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "bench/web-server-child.ts"), ...args], {
    cwd: root,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const port = await new Promise<number>((resolvePort, reject) => {
    child.once("exit", (code) => reject(new Error(`B7b: server child exited (${code})`)));
    lines.once("line", (line) => resolvePort((JSON.parse(line) as { port: number }).port));
  });
  return { port, child };
}

async function stopServer(server: Server): Promise<void> {
  const exited = new Promise((done) => server.child.once("exit", done));
  server.child.stdin?.end();
  await exited;
}

const inFlight = 16;
let clientNumber = 0;

/**
 * GETs /healthz for `seconds` with `inFlight` requests outstanding on keep-alive sockets. Each request
 * comes as from a different client behind the loopback proxy (X-Forwarded-For): the web view's
 * per-address rate limit is in the measured path, but no single address reaches it.
 */
async function load(port: number, seconds: number): Promise<{ perSecond: number; other: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: inFlight });
  const until = performance.now() + seconds * 1_000;
  let ok = 0;
  let other = 0;
  const one = () =>
    new Promise<void>((done, fail) => {
      clientNumber += 1;
      const n = clientNumber;
      const forwarded = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
      const req = request(
        { host: "127.0.0.1", port, path: "/healthz", agent, headers: { "x-forwarded-for": forwarded } },
        (res) => {
          let body = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => {
            body += chunk;
          });
          res.on("end", () => {
            if (res.statusCode === 200 && body === '{"ok":true}') ok += 1;
            else other += 1;
            done();
          });
        },
      );
      req.on("error", fail);
      req.end();
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() < until) await one();
    }),
  );
  const elapsed = (performance.now() - started) / 1_000;
  agent.destroy();
  return { perSecond: ok / elapsed, other };
}

const rounds = 2;
const secondsPerRound = 3;

async function healthThroughput(dir: string): Promise<BenchRow> {
  const path = join(dir, "health.db");
  openDatabase(path).close(); // migrated, empty: /healthz reads nothing
  const ours = await startServer(["ours", path]);
  const bare = await startServer(["bare"]);
  try {
    await load(ours.port, 1);
    await load(bare.port, 1);
    const oursRates: number[] = [];
    const bareRates: number[] = [];
    let refused = 0;
    for (let round = 0; round < rounds; round++) {
      const o = await load(ours.port, secondsPerRound);
      const b = await load(bare.port, secondsPerRound);
      oursRates.push(o.perSecond);
      bareRates.push(b.perSecond);
      refused += o.other + b.other;
    }
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    const oursRate = mean(oursRates);
    const bareRate = mean(bareRates);
    const ratio = oursRate / bareRate;
    const fmt = (values: number[]) => values.map((v) => v.toFixed(0)).join(", ");
    return {
      id: "B7b",
      what: `GET /healthz over HTTP on 127.0.0.1, keep-alive, ${inFlight} in flight, ${rounds} × ${secondsPerRound} s alternated`,
      measured: `${oursRate.toFixed(0)} req/s (${fmt(oursRates)}); non-200 answers ${refused}`,
      reference: `bare Fastify route, same body: ${bareRate.toFixed(0)} req/s (${fmt(bareRates)})`,
      ratio,
      target: "≥ 0.25 of the bare route",
      pass: ratio >= 0.25 && refused === 0,
    };
  } finally {
    await stopServer(ours);
    await stopServer(bare);
  }
}

export async function runWebBenchmarks(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), "interlude-bench-web-"));
  try {
    return [...(await caseloadPage(dir)), await healthThroughput(dir)];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
