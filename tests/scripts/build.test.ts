/**
 * scripts/build.mjs, `npm start`'s build step: every source file of src/ and adapters/ becomes one
 * JavaScript file at the same relative path, and nothing from an earlier build survives it.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");

function files(dir: string, ending: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(ending))
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

describe("the build step", () => {
  it("turns each source file into one module at the same path and clears what an earlier build left", () => {
    const outdir = mkdtempSync(join(tmpdir(), "interlude-build-"));
    mkdirSync(join(outdir, "src"), { recursive: true });
    writeFileSync(join(outdir, "src", "deleted-long-ago.js"), "export {};\n");

    execFileSync(process.execPath, ["scripts/build.mjs", "--quiet", "--outdir", outdir], { cwd: root });

    // Declaration files (.d.ts) only describe types: they have nothing to run. The web view's
    // templates are .tsx (JSX) and become .js modules like the rest.
    const sources = ["src", "adapters"].flatMap((dir) =>
      [...files(join(root, dir), ".ts"), ...files(join(root, dir), ".tsx")]
        .filter((file) => !file.endsWith(".d.ts"))
        .map((file) => join(dir, file.replace(/\.tsx?$/, ".js"))),
    );
    expect(files(outdir, ".js").sort()).toEqual(sources.sort());
    expect(existsSync(join(outdir, "src", "deleted-long-ago.js"))).toBe(false);
    expect(files(outdir, ".ts")).toEqual([]);
    expect(files(outdir, ".tsx")).toEqual([]);
  });
});
