/**
 * Font handling: the CJK check must tell real glyphs from blanks and missing-glyph boxes, the extra
 * font file from INTERLUDE_CHART_FONT_FILE must really be used, and the chart font list must reach
 * glyphs for Latin, Swedish and Chinese text through resvg directly.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { Resvg } from "@resvg/resvg-js";
import { describe, expect, it } from "vitest";
import {
  chartFontFamily,
  chartFontFileEnv,
  chartFontOptions,
  cjkFontAvailable,
  cjkFontWarning,
  missingCjkFontMessage,
  rendersCjkGlyphs,
} from "../../../src/insights/chart/fonts.js";
import { cjkPresent, cjkSkipReason, skipWithoutCjk } from "./fixtures.js";

/** A font file that has Chinese glyphs, found through fontconfig when it is there. */
function cjkFontFile(): string | undefined {
  try {
    const files = execFileSync("fc-list", [":lang=zh", "file"], { encoding: "utf8" });
    return files
      .split("\n")
      .map((line) => line.replace(/:\s*$/, "").trim())
      .find((file) => file && existsSync(file));
  } catch {
    return undefined;
  }
}

/** Dark pixels of one line of text drawn with the chart fonts, as a 0/1 string. */
function draw(text: string): string {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40">` +
    `<text x="4" y="30" font-size="24" font-family='${chartFontFamily}'>${text}</text></svg>`;
  // The pixels getter copies the whole bitmap out of resvg on every access; read it once.
  const { pixels } = new Resvg(svg, { font: chartFontOptions(), background: "white", logLevel: "off" }).render();
  let mask = "";
  for (let i = 0; i < pixels.length; i += 4) mask += (pixels[i] ?? 255) < 160 ? "1" : "0";
  return mask;
}

const differing = (a: string, b: string) => [...a].filter((bit, i) => bit !== b[i]).length;
const ink = (mask: string) => [...mask].filter((bit) => bit === "1").length;

describe("CJK glyph check", () => {
  it("says no when no font is loaded at all", () => {
    expect(rendersCjkGlyphs({ loadSystemFonts: false, fontFiles: [] })).toBe(false);
  });

  const latinOnly = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
  it.skipIf(!existsSync(latinOnly))("says no when only a Latin font draws boxes for Chinese (needs DejaVu)", () => {
    expect(rendersCjkGlyphs({ loadSystemFonts: false, fontFiles: [latinOnly] })).toBe(false);
  });

  it.skipIf(skipWithoutCjk)(`says yes with the installed fonts ${cjkSkipReason}`, () => {
    expect(cjkFontAvailable()).toBe(true);
    expect(cjkFontWarning()).toBeUndefined();
  });

  const cjkFile = cjkFontFile();
  it.skipIf(skipWithoutCjk)(`uses the font file named by ${chartFontFileEnv} ${cjkSkipReason}`, () => {
    expect(cjkFile).toBeDefined();
    const onlyExtra = (env: NodeJS.ProcessEnv) => ({ ...chartFontOptions(env), loadSystemFonts: false });
    expect(rendersCjkGlyphs(onlyExtra({ [chartFontFileEnv]: cjkFile }))).toBe(true);
    expect(rendersCjkGlyphs(onlyExtra({}))).toBe(false);
  });

  it("ignores a font file that does not exist", () => {
    expect(chartFontOptions({ [chartFontFileEnv]: "/nonexistent/font.ttf" }).fontFiles).toEqual([]);
  });

  it.skipIf(cjkPresent)("warns with the packages to install when Chinese would not render", () => {
    expect(cjkFontWarning()).toBe(missingCjkFontMessage);
  });

  it("names the Debian package to install, the smaller alternative and the file setting", () => {
    expect(missingCjkFontMessage).toMatch(
      /apt-get install fonts-noto-cjk.*fonts-wqy-microhei.*INTERLUDE_CHART_FONT_FILE/,
    );
  });
});

describe("chart font list through resvg", () => {
  it("names common CJK families after a Latin default", () => {
    const families = chartFontFamily.split(", ");
    expect(families[0]).toBe('"DejaVu Sans"');
    for (const family of ['"Noto Sans CJK SC"', '"WenQuanYi Micro Hei"', '"Source Han Sans SC"']) {
      expect(families).toContain(family);
    }
    expect(families.at(-1)).toBe("sans-serif");
  });

  it("draws Swedish letters as themselves", () => {
    expect(ink(draw("åäö"))).toBeGreaterThan(50);
    expect(differing(draw("åäö"), draw("aao"))).toBeGreaterThan(20);
  });

  it.skipIf(skipWithoutCjk)(`draws simplified and traditional Chinese glyphs ${cjkSkipReason}`, () => {
    const box = draw("\u{10FFFD}\u{10FFFD}");
    const simplified = draw("简体");
    const traditional = draw("繁體");
    expect(ink(simplified)).toBeGreaterThan(100);
    expect(ink(traditional)).toBeGreaterThan(100);
    expect(differing(simplified, box)).toBeGreaterThan(100);
    expect(differing(traditional, box)).toBeGreaterThan(100);
    expect(differing(simplified, traditional)).toBeGreaterThan(100);
  });
});
