/**
 * What the CLI loads at start-up, seen from outside: `npm run -s cli` runs the built JavaScript in
 * dist/ (no TypeScript loader), and `--help` and `client list` import only the modules they need, not
 * the chart stack (vega, resvg), the platform clients (discord.js, grammY), the engine or the app;
 * neither they nor `retention run` and `backup` load the prompt files' loaders.
 * A resolve hook (fixtures/trace-imports) records every module the CLI's process resolves.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const dist = pathToFileURL(join(root, "dist")).href;
const tracer = pathToFileURL(join(import.meta.dirname, "fixtures/trace-imports/register.mjs")).href;
const dir = mkdtempSync(join(tmpdir(), "interlude-cli-imports-"));
let traces = 0;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `npm run -s cli -- …argv` and returns its stdout and every module URL its processes resolved. */
async function traced(...argv: string[]): Promise<{ stdout: string; modules: string[] }> {
  const trace = join(dir, `trace-${++traces}.txt`);
  const { stdout } = await promisify(execFile)("npm", ["run", "-s", "cli", "--", ...argv], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      INTERLUDE_DB: join(dir, "interlude.db"),
      NODE_OPTIONS: `--import=${tracer}`,
      TRACE_IMPORTS_TO: trace,
    },
  });
  return { stdout, modules: [...new Set(readFileSync(trace, "utf8").split("\n").filter(Boolean))] };
}

const packagesIn = (modules: string[]) =>
  new Set(modules.flatMap((url) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1] ?? []));
const ownModulesIn = (modules: string[]) =>
  modules.filter((url) => url.startsWith(`${dist}/`)).map((url) => url.slice(dist.length + 1));

const heavyPackages = ["vega", "vega-lite", "@resvg/resvg-js", "discord.js", "grammy", "@grammyjs/runner", "tsx"];

describe("the CLI's start-up", () => {
  it("--help runs the built CLI and loads neither the database, the engine nor any heavy library", async () => {
    const { stdout, modules } = await traced("--help");
    expect(stdout).toContain("Usage: interlude [options] [command]");
    expect(stdout).toMatch(/^ {2}client +manage clients$/m);

    const own = ownModulesIn(modules);
    expect(own).toContain("src/cli/index.js");
    expect(modules.filter((url) => url.endsWith(".ts"))).toEqual([]);
    const packages = packagesIn(modules);
    for (const name of [...heavyPackages, "drizzle-orm", "better-sqlite3", "yaml"])
      expect(packages).not.toContain(name);
    expect(own.filter((file) => /^src\/(db|engine|insights|safety|schedule)\/|^src\/app\.js$/.test(file))).toEqual([]);
    expect(own.filter((file) => file.startsWith("src/cli/commands/"))).toEqual([]);
  }, 60_000);

  it("client list loads the client commands and the database, and nothing for other commands", async () => {
    const { stdout, modules } = await traced("client", "list", "--json");
    expect(JSON.parse(stdout)).toEqual({ clients: [] });

    const own = ownModulesIn(modules);
    expect(own).toContain("src/cli/commands/client.js");
    expect(own).toContain("src/db/connection.js");
    const packages = packagesIn(modules);
    for (const name of heavyPackages) expect(packages).not.toContain(name);
    // The engine, the weekly summary and the running app: none is needed to list clients.
    const unneeded =
      /^src\/(app|engine\/engine|insights\/(summarise|charts|weekly-delivery)|insights\/render\/.*)\.js$/;
    expect(own.filter((file) => unneeded.test(file))).toEqual([]);
    for (const other of ["practice", "therapist", "summary", "checkin", "schedule", "alerts", "audit", "maintenance"])
      expect(own).not.toContain(`src/cli/commands/${other}.js`);
    // Listing clients reads no prompt file: the prompt loaders (and yaml, node-cron) are for commands
    // that use check-in definitions or texts.
    for (const name of ["yaml", "node-cron"]) expect(packages).not.toContain(name);
    expect(own.filter((file) => /^src\/(prompts\/(load|yaml-problems)|practice\/config-file)\.js$/.test(file))).toEqual(
      [],
    );
  }, 60_000);

  it("retention and backup load neither the app nor the prompt loaders", async () => {
    const { stdout, modules } = await traced("retention", "run", "--dry-run", "--json");
    expect(JSON.parse(stdout)).toMatchObject({ dryRun: true });
    // One module (backup.ts) serves `backup --out` and `backup verify`; verify needs no output path.
    const { modules: backup } = await traced("backup", "verify", join(dir, "interlude.db"), "--json");
    for (const seen of [modules, backup]) {
      const own = ownModulesIn(seen);
      expect(own).toContain("src/cli/commands/maintenance.js");
      expect(own.filter((file) => /^src\/(app|engine\/engine|prompts\/(load|yaml-problems))\.js$/.test(file))).toEqual(
        [],
      );
      for (const name of [...heavyPackages, "yaml", "node-cron"]) expect(packagesIn(seen)).not.toContain(name);
    }
  }, 60_000);
});
