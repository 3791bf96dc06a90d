/**
 * scripts/cli.mjs, what `npm run -s cli` runs: on a fresh copy of the project (no dist/, as after a
 * clone) the first call builds quietly and answers; later calls reuse the build; an edited source is
 * built again before the next call runs. The copy holds the project's own files (the working tree,
 * so work in progress is included) and links node_modules.
 */
import { execFile } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const copy = mkdtempSync(join(tmpdir(), "interlude-clone-"));
const database = join(copy, "data", "interlude.db");

beforeAll(() => {
  for (const part of ["package.json", "tsconfig.json", "src", "adapters", "scripts", "prompts", "drizzle"])
    cpSync(join(root, part), join(copy, part), { recursive: true });
  symlinkSync(join(root, "node_modules"), join(copy, "node_modules"), "dir");
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

/** `npm run -s cli -- …argv` in the copy: its exit code, stdout and stderr. */
async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)("npm", ["run", "-s", "cli", "--", ...argv], {
      cwd: copy,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", INTERLUDE_DB: database },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** The build's identity: dist/ is replaced as a whole by each build. */
const buildOf = () => statSync(join(copy, "dist")).ino;

describe("npm run -s cli", () => {
  it("builds a fresh clone on the first call, quietly, and reuses the build afterwards", async () => {
    expect(existsSync(join(copy, "dist"))).toBe(false);
    const help = await cli("--help");
    expect(help).toMatchObject({ code: 0, stderr: "" });
    expect(help.stdout).toContain("Usage: interlude [options] [command]");
    expect(help.stdout).toMatch(/^ {2}client +manage clients$/m);
    expect(existsSync(join(copy, "dist", "src", "cli", "index.js"))).toBe(true);
    const first = buildOf();

    const practice = await cli(
      "practice",
      "init",
      "--name",
      "Clone practice",
      "--timezone",
      "Europe/Stockholm",
      "--json",
    );
    expect(practice, practice.stderr).toMatchObject({ code: 0, stderr: "" });
    const { practiceId } = JSON.parse(practice.stdout) as { practiceId: number };
    const therapist = await cli("therapist", "add", "--practice", String(practiceId), "--alias", "T-1", "--json");
    const { therapistId } = JSON.parse(therapist.stdout) as { therapistId: number };
    const client = await cli("client", "add", "--therapist", String(therapistId), "--alias", "Oak-7", "--json");
    expect(client.code).toBe(0);

    const list = await cli("client", "list");
    expect(list).toMatchObject({ code: 0, stderr: "" });
    expect(list.stdout).toContain("Oak-7");
    const json = await cli("client", "list", "--json");
    expect(JSON.parse(json.stdout)).toMatchObject({ clients: [{ alias: "Oak-7", therapistId, status: "invited" }] });
    expect(buildOf()).toBe(first);

    const bad = await cli("client", "list", "--therapist", "x");
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toContain("--therapist");
    expect(buildOf()).toBe(first);
  }, 120_000);

  it("builds again when a source has changed, before the call runs", async () => {
    await cli("--help");
    const before = buildOf();
    const program = join(copy, "src", "cli", "program.ts");
    writeFileSync(
      program,
      readFileSync(program, "utf8").replace('"Interlude practice administration"', '"Edited administration"'),
    );
    const help = await cli("--help");
    expect(help).toMatchObject({ code: 0, stderr: "" });
    expect(help.stdout).toContain("Edited administration");
    expect(buildOf()).not.toBe(before);
  }, 120_000);

  it("stops with exit code 1 and the build's message when a source does not build, keeping the last good build", async () => {
    await cli("--help");
    const before = buildOf();
    const broken = join(copy, "src", "cli", "broken-on-purpose.ts");
    writeFileSync(broken, "export const = ;\n");
    try {
      const help = await cli("--help");
      expect(help.code).toBe(1);
      expect(help.stdout).toBe("");
      expect(help.stderr).toContain("broken-on-purpose.ts");
      expect(help.stderr).toContain("error: could not build the CLI");
      // Built beside dist/ and renamed into place only when whole: a failed build changes nothing.
      expect(buildOf()).toBe(before);
      expect(existsSync(join(copy, "dist", "src", "cli", "index.js"))).toBe(true);
      expect(readdirSync(copy).filter((name) => name.startsWith(".dist"))).toEqual([]);
    } finally {
      rmSync(broken);
    }
    // The sources are as they were built again: the old build is current and is used as it is.
    expect(await cli("--help")).toMatchObject({ code: 0, stderr: "" });
    expect(buildOf()).toBe(before);
  }, 120_000);
});
