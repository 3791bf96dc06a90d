/** scripts/start-args.mjs: the benchmark and the process tests spawn exactly what `npm start` runs. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { startArgs } from "../../scripts/start-args.mjs";

const root = resolve(import.meta.dirname, "../..");

function rootWithStart(start: string): string {
  const dir = mkdtempSync(join(tmpdir(), "interlude-start-args-"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ scripts: { start } }));
  return dir;
}

describe("startArgs", () => {
  it("is the start script's node flags and the built entry, as npm start runs them", () => {
    const args = startArgs(root);
    expect(args.at(-1)).toBe("dist/src/main.js");
    // The memory flags B4's idle RSS depends on (docs/BENCHMARKS.md) are in the start script itself.
    expect(args).toContain("--max-semi-space-size=1");
    expect(startArgs(rootWithStart("node  --a=1   dist/src/main.js "))).toEqual(["--a=1", "dist/src/main.js"]);
  });

  it("refuses a start script it cannot repeat faithfully", () => {
    expect(() => startArgs(rootWithStart("tsx src/main.ts"))).toThrow(/should be "node \[flags\] dist\/src\/main.js"/);
    expect(() => startArgs(rootWithStart("node dist/src/main.js && echo done"))).toThrow(/should be/);
  });
});
