/**
 * B6: how long a CLI command takes, start to exit, as an operator types it (`npm run -s cli -- …`)
 * and as npm runs it (`node scripts/cli.mjs …`, npm's own start excluded): `--help`, and
 * `client list` on a small database (one practice, one therapist, ten clients) in a temp folder.
 * Each is run several times, interleaved with `node -e ""` (node's own start on this machine, in
 * the same minutes), and the median is reported; the ratio is node's start over the command's.
 * The build is made (if stale) and the database seeded before any timing, neither counted.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { BenchRow } from "./scheduling.bench.js";

const root = resolve(import.meta.dirname, "..");
const runs = 9;
const clients = 10;
/** "Well under a second": half of one, so a command still answers in under a second on a busy machine. */
const targetMs = 500;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

function run(env: Record<string, string>, command: string, args: string[]): { ms: number; stdout: string } {
  const started = performance.now();
  const result = spawnSync(command, args, {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    encoding: "utf8",
  });
  const ms = performance.now() - started;
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(" ")} exited ${result.status}: ${result.stderr || result.error}`);
  return { ms, stdout: result.stdout };
}

function seed(env: Record<string, string>): void {
  const cli = (...args: string[]) =>
    JSON.parse(run(env, process.execPath, ["scripts/cli.mjs", ...args, "--json"]).stdout);
  const { practiceId } = cli("practice", "init", "--name", "Bench practice", "--timezone", "Europe/Stockholm");
  const { therapistId } = cli("therapist", "add", "--practice", String(practiceId), "--alias", "T-Bench");
  for (let i = 1; i <= clients; i++) cli("client", "add", "--therapist", String(therapistId), "--alias", `Oak-${i}`);
}

interface Case {
  id: string;
  what: string;
  command: string;
  args: string[];
  expect: string;
}

const cases: Case[] = [
  {
    id: "B6a",
    what: "CLI `npm run -s cli -- --help`, start to exit",
    command: "npm",
    args: ["run", "-s", "cli", "--", "--help"],
    expect: "Usage: interlude",
  },
  {
    id: "B6b",
    what: `CLI \`npm run -s cli -- client list\` (${clients} clients), start to exit`,
    command: "npm",
    args: ["run", "-s", "cli", "--", "client", "list"],
    expect: `Oak-${clients}`,
  },
  {
    id: "B6c",
    what: "CLI `node scripts/cli.mjs --help` (what npm runs; npm's own start excluded)",
    command: process.execPath,
    args: ["scripts/cli.mjs", "--help"],
    expect: "Usage: interlude",
  },
  {
    id: "B6d",
    what: `CLI \`node scripts/cli.mjs client list\` (${clients} clients; npm's own start excluded)`,
    command: process.execPath,
    args: ["scripts/cli.mjs", "client", "list"],
    expect: `Oak-${clients}`,
  },
];

export function runCliBenchmarks(): BenchRow[] {
  const dir = mkdtempSync(join(tmpdir(), "interlude-bench-cli-"));
  const env = { INTERLUDE_DB: join(dir, "bench.db") };
  try {
    // Builds dist/ if it is missing or stale, so that no timed run pays for it.
    run(env, process.execPath, ["scripts/cli.mjs", "--help"]);
    seed(env);
    const node: number[] = [];
    const times = new Map(cases.map((c) => [c.id, [] as number[]]));
    // Interleaved, so a burst of load elsewhere on the machine falls on every series alike.
    for (let round = 0; round < runs; round++) {
      node.push(run({}, process.execPath, ["-e", ""]).ms);
      for (const c of cases) {
        const { ms, stdout } = run(env, c.command, c.args);
        if (!stdout.includes(c.expect)) throw new Error(`${c.id}: output lacks "${c.expect}":\n${stdout}`);
        times.get(c.id)?.push(ms);
      }
    }
    const reference = median(node);
    return cases.map((c) => {
      const all = times.get(c.id) ?? [];
      const measured = median(all);
      return {
        id: c.id,
        what: c.what,
        measured: `${measured.toFixed(0)} ms median of ${all.length} (${all.map((ms) => ms.toFixed(0)).join(", ")})`,
        reference: `node -e "" ${reference.toFixed(0)} ms median`,
        ratio: reference / measured,
        target: `under ${targetMs} ms`,
        pass: measured < targetMs,
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
