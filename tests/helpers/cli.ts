/**
 * The CLI run in-process on one in-memory database, for CLI tests: `run` returns the exit code and
 * what was printed, `json` runs a `--json` command that must succeed, `setUp` makes a practice, a
 * therapist and a client, and `snapshot` shows that a failed command changed nothing.
 */
import { expect } from "vitest";
import { withPracticeCheckins } from "../../src/admin/config-file.js";
import type { CliContext } from "../../src/cli/context.js";
import { runCli } from "../../src/cli/program.js";
import { FakeClock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import { type DatabaseHandle, openInMemoryDatabase } from "../../src/db/connection.js";
import { prompts } from "./harness.js";

export interface Run {
  code: number;
  out: string[];
  err: string;
}

/** A CLI on one in-memory database (or a given one); `run` returns the exit code and what was printed. */
export function cli(
  env: Record<string, string> = {},
  existing: { handle: DatabaseHandle; clock: FakeClock } = { handle: openInMemoryDatabase(), clock: new FakeClock() },
) {
  const { handle, clock } = existing;
  const out: string[] = [];
  const err: string[] = [];
  const calls = { database: 0 };
  const config = loadConfig(env);
  const ctx: CliContext = {
    config,
    clock,
    io: { out: (s) => out.push(s), err: (s) => err.push(s) },
    database: () => {
      calls.database += 1;
      return handle;
    },
    prompts: async () => withPracticeCheckins(prompts(), config.INTERLUDE_CONFIG),
  };
  async function run(...argv: string[]): Promise<Run> {
    out.length = 0;
    err.length = 0;
    const code = await runCli(argv, ctx);
    return { code, out: [...out], err: err.join("\n") };
  }
  /** Runs a `--json` command that must succeed and parses its one line of output. */
  async function json(...argv: string[]): Promise<Record<string, unknown>> {
    const result = await run(...argv, "--json");
    expect(result, result.err).toMatchObject({ code: 0, err: "" });
    expect(result.out).toHaveLength(1);
    return JSON.parse(result.out[0] as string) as Record<string, unknown>;
  }
  return { handle, clock, calls, context: ctx, run, json };
}

export type Cli = ReturnType<typeof cli>;

export async function setUp(c: Cli, alias = "Oak-7") {
  const practice = await c.json("practice", "init", "--name", "Test practice", "--timezone", "Europe/Stockholm");
  const therapist = await c.json("therapist", "add", "--practice", String(practice.practiceId), "--alias", "T1");
  const client = await c.json("client", "add", "--therapist", String(therapist.therapistId), "--alias", alias);
  return {
    practiceId: practice.practiceId as number,
    therapistId: therapist.therapistId as number,
    clientId: client.clientId as number,
    client,
  };
}

/** Every row of every table, to show that a failed command changed nothing. */
export function snapshot(handle: DatabaseHandle): Record<string, unknown[]> {
  const tables = handle.sqlite
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
    .pluck()
    .all() as string[];
  return Object.fromEntries(tables.map((t) => [t, handle.sqlite.prepare(`select * from "${t}"`).all()]));
}
