/**
 * scripts/build-stamp.mjs: how `npm run cli` knows, in milliseconds, whether dist/ was built from the
 * sources as they are now. Judged by content: any edit, added, deleted or renamed source (or a change
 * to the build itself or tsconfig.json) makes the build stale; rewriting a file unchanged does not.
 */
import { mkdirSync, mkdtempSync, renameSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { isBuildCurrent, stampFile, writeBuildStamp } from "../../scripts/build-stamp.mjs";

let root: string;
let outdir: string;

function write(path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "interlude-stamp-"));
  outdir = join(root, "dist");
  write("src/a.ts", "export const a = 1;\n");
  write("src/deep/b.ts", "export const b = 2;\n");
  write("src/types.d.ts", "declare const c: number;\n");
  write("adapters/c.ts", "export const c = 3;\n");
  write("scripts/build.mjs", "// the build\n");
  write("tsconfig.json", "{}\n");
  mkdirSync(outdir);
  return () => rmSync(root, { recursive: true, force: true });
});

const stamped = () => {
  writeBuildStamp(root, outdir);
  return isBuildCurrent(root, outdir);
};

describe("the build stamp", () => {
  it("is missing before the first build and current right after it", () => {
    expect(isBuildCurrent(root, outdir)).toBe(false);
    expect(isBuildCurrent(root, join(root, "no-such-dir"))).toBe(false);
    expect(stamped()).toBe(true);
  });

  it("stays current when a file is rewritten unchanged or only its times change", () => {
    expect(stamped()).toBe(true);
    write("src/a.ts", "export const a = 1;\n");
    utimesSync(join(root, "src/deep/b.ts"), new Date(), new Date(Date.now() + 60_000));
    expect(isBuildCurrent(root, outdir)).toBe(true);
  });

  const changes: [string, () => void][] = [
    ["an edited source", () => write("src/deep/b.ts", "export const b = 3;\n")],
    ["an added source", () => write("adapters/new.ts", "export {};\n")],
    ["a deleted source", () => rmSync(join(root, "src/a.ts"))],
    ["a renamed source", () => renameSync(join(root, "src/a.ts"), join(root, "src/renamed.ts"))],
    ["a changed build script", () => write("scripts/build.mjs", "// the build, changed\n")],
    ["a changed tsconfig.json", () => write("tsconfig.json", '{"compilerOptions":{}}\n')],
    ["an unreadable stamp", () => writeFileSync(join(outdir, stampFile), "not a digest")],
  ];
  for (const [what, change] of changes) {
    it(`is stale after ${what}`, () => {
      expect(stamped()).toBe(true);
      change();
      expect(isBuildCurrent(root, outdir)).toBe(false);
      expect(stamped()).toBe(true);
    });
  }

  it("ignores declaration files, which the build does not turn into code", () => {
    expect(stamped()).toBe(true);
    write("src/types.d.ts", "declare const c: string;\n");
    expect(isBuildCurrent(root, outdir)).toBe(true);
  });
});
