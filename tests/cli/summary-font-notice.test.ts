/**
 * `summary --format html` on a host without a CJK font: the charts still come out (with boxes for the
 * Chinese), and the CLI says so on stderr, naming the package to install. The font check is replaced
 * here so both hosts can be tested on any machine; summary.test.ts runs the real check.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { missingCjkFontMessage } from "../../src/insights/chart/fonts.js";
import { cli } from "../helpers/cli.js";
import { mixedCaseload } from "../insights/scene.js";

const fonts = vi.hoisted(() => ({ cjkInstalled: false }));
vi.mock("../../src/insights/chart/fonts.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../src/insights/chart/fonts.js")>();
  return {
    ...original,
    cjkFontWarning: () => (fonts.cjkInstalled ? undefined : original.missingCjkFontMessage),
  };
});

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

async function htmlSummary(locale: string) {
  const caseload = mixedCaseload({ now: new Date("2026-11-23T08:00:00Z") });
  dir = mkdtempSync(join(tmpdir(), "interlude-cli-font-"));
  const out = join(dir, "summary.html");
  const args = ["--therapist", String(caseload.therapistId), "--format", "html", "--locale", locale];
  return cli({}, caseload).run("summary", ...args, "--out", out);
}

describe("cli summary --format html and the Chinese font", () => {
  it("names fonts-noto-cjk on stderr when the Chinese labels cannot be drawn, and still writes the file", async () => {
    fonts.cjkInstalled = false;
    const result = await htmlSummary("zh");
    expect(result.code, result.err).toBe(0);
    expect(result.err).toContain(missingCjkFontMessage);
    expect(result.err).toContain("apt-get install fonts-noto-cjk");
    expect(result.err).toMatch(/Wrote .*summary\.html/);
  }, 30_000);

  it("says nothing about fonts when a CJK font is installed", async () => {
    fonts.cjkInstalled = true;
    const result = await htmlSummary("zh");
    expect(result.code, result.err).toBe(0);
    expect(result.err).not.toContain("fonts-noto-cjk");
  }, 30_000);

  it("says nothing about fonts for charts without Chinese text, even on a host without the font", async () => {
    fonts.cjkInstalled = false;
    const result = await htmlSummary("sv");
    expect(result.code, result.err).toBe(0);
    expect(result.err).not.toContain("fonts-noto-cjk");
  }, 30_000);
});
