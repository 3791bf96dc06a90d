/**
 * What must never be committed is git-ignored wherever it lands: the risk spool beside any database or
 * backup copy, SQLite's rollback journal, a backup still being written, an export's temporary files,
 * environment files (secrets) other than a template, and the files the README's own `--out` examples
 * write when run in the checkout. Source files next to them stay visible to git.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { basename, isAbsolute, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");

/** Which of `paths` (relative to the checkout) .gitignore ignores, whether or not they exist. */
function ignored(paths: string[]): string[] {
  const run = spawnSync("git", ["check-ignore", "--no-index", "--", ...paths], { cwd: root, encoding: "utf8" });
  // 0: some ignored, 1: none; anything else is git failing.
  expect([0, 1], run.stderr).toContain(run.status);
  return run.stdout.split("\n").filter((line) => line !== "");
}

/** Every output name the README's examples pass to --out (placeholders such as `file` left out). */
function readmeOutputs(): string[] {
  const readme = readFileSync(resolve(root, "README.md"), "utf8");
  const names = [...readme.matchAll(/--out ([\w./-]+)/g)].map((match) => match[1] as string);
  return [...new Set(names.filter((name) => name.includes(".") || name.endsWith("/")))].map((name) =>
    // An absolute example path lands elsewhere; in the checkout it would be this file name.
    isAbsolute(name) ? basename(name) : name,
  );
}

describe(".gitignore", () => {
  it("ignores spools, journals, partial backups, temporary export files, environment files anywhere, and CI's results and screenshots", () => {
    const paths = [
      "data/interlude.db.risk-spool",
      "backups/copy.db.risk-spool",
      "some/deep/folder/x.risk-spool",
      "interlude.db-journal",
      "data/interlude.db-journal",
      "backups/copy.db.partial-12345",
      "backups/copy.db.partial-12345.risk-spool",
      "copy.db.partial-12345-journal",
      ".oak-7.json.a1b2c3d4e5f6.tmp",
      "exports/.csv.tmp-Ab12Cd/answers.csv",
      ".env",
      ".env.local",
      ".env.production",
      "deploy/.env.staging",
      ".ci/results.json",
      ".ci/screenshots/caseload.png",
    ];
    expect(ignored(paths)).toEqual(paths);
  });

  it("ignores what the README's own --out examples write", () => {
    const outputs = readmeOutputs();
    expect(outputs).toEqual(expect.arrayContaining(["summary.html", "w47.html", "oak-7.json", "dir/"]));
    const asFiles = outputs.map((name) => (name.endsWith("/") ? `${name}answers.csv` : name));
    expect(ignored(asFiles)).toEqual(asFiles);
  });

  it("still shows source, tests, templates and documentation to git", () => {
    expect(
      ignored([
        ".env.example",
        ".npmrc",
        "README.md",
        "package-lock.json",
        "practice.example.yaml",
        "src/backup/backup.ts",
        "src/dir/module.ts",
        "tests/backup/backup.test.ts",
        "tests/fixtures/summary.html",
        "drizzle/0000_initial.sql",
        ".ci/run",
      ]),
    ).toEqual([]);
  });
});
