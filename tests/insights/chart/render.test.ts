/**
 * Rendering end to end, Vega to SVG to PNG: the promised pixel sizes in every language, gaps and
 * missing weeks, the overview's panel cap, and Chinese text that really puts glyphs on the image.
 */
import { View } from "vega";
import { describe, expect, it, vi } from "vitest";
import { dimensionStyles } from "../../../src/insights/chart/palette.js";
import {
  renderClientChartPng,
  renderClientChartSvg,
  renderOverviewChartPng,
  renderOverviewChartSvg,
} from "../../../src/insights/chart/render.js";
import { clientChartSize } from "../../../src/insights/chart/spec.js";
import {
  cjkSkipReason,
  clientChart,
  decode,
  differingRows,
  labels,
  overview,
  skipWithoutCjk,
  weeks,
} from "./fixtures.js";

describe("client chart", () => {
  for (const language of ["en", "sv", "zh"] as const) {
    it(`is an 800 × 450 PNG in ${language}`, async () => {
      const png = decode(await renderClientChartPng(clientChart(labels[language])));
      expect(clientChartSize).toEqual({ width: 800, height: 450 });
      expect(png.width).toBe(800);
      expect(png.height).toBe(450);
    });
  }

  it("keeps its size when a long title and long legend names would otherwise push it out", async () => {
    const long = {
      ...labels.en,
      title: "A very long title ".repeat(10),
      dimensions: { safety: "S".repeat(60), bond: "B".repeat(60), goals: "G".repeat(60), tasks: "T".repeat(60) },
    };
    const png = decode(await renderClientChartPng(clientChart(long)));
    expect([png.width, png.height]).toEqual([800, 450]);
  });

  it("labels all twelve weeks even when some weeks have no answers", async () => {
    const svg = await renderClientChartSvg(clientChart(labels.en, [0, 5, 6, 11]));
    for (const week of weeks) expect(svg).toContain(`>${week}</text>`);
    const png = decode(await renderClientChartPng(clientChart(labels.en, [0, 5, 6, 11])));
    expect([png.width, png.height]).toEqual([800, 450]);
  });

  it("breaks a dimension's line at a week without a score", async () => {
    const lineStarts = (svg: string) => {
      const path = svg.match(new RegExp(`<path[^>]*stroke="${dimensionStyles.safety.colour}"[^>]*>`))?.[0] ?? "";
      return (path.match(/ d="([^"]*)"/)?.[1] ?? "").split("M").length - 1;
    };
    expect(lineStarts(await renderClientChartSvg(clientChart(labels.en)))).toBe(1);
    expect(lineStarts(await renderClientChartSvg(clientChart(labels.en, [5])))).toBe(2);
  });

  it("renders a chart with no points at all", async () => {
    const chart = { ...clientChart(labels.en), points: [] };
    const png = decode(await renderClientChartPng(chart));
    expect([png.width, png.height]).toEqual([800, 450]);
  });

  it("draws the same image for the same input", async () => {
    const a = decode(await renderClientChartPng(clientChart(labels.sv, [2])));
    const b = decode(await renderClientChartPng(clientChart(labels.sv, [2])));
    expect(differingRows(a, b)).toHaveLength(0);
  });

  it("finalizes every Vega view it creates, so a long-running bot does not leak them", async () => {
    const finalize = vi.spyOn(View.prototype, "finalize");
    try {
      await renderClientChartPng(clientChart(labels.en));
      await renderOverviewChartSvg(overview(3));
      expect(finalize).toHaveBeenCalledTimes(2);
    } finally {
      finalize.mockRestore();
    }
  });
});

describe("Chinese labels", () => {
  it.skipIf(skipWithoutCjk)(`put glyphs, not blanks or boxes, in the title band ${cjkSkipReason}`, async () => {
    const title = "最近十二周的变化";
    const render = async (text: string) =>
      decode(await renderClientChartPng(clientChart({ ...labels.zh, title: text })));
    const chinese = await render(title);
    // A blank title keeps the layout identical, so every pixel that changes is the title's own ink.
    const againstBlank = differingRows(await render(" "), chinese);
    expect(againstBlank.length).toBeGreaterThan(300);
    expect(Math.max(...againstBlank)).toBeLessThan(40);
    // Ink alone could be missing-glyph boxes; a title of as many boxes must look different.
    const boxes = await render("\u{10FFFD}".repeat([...title].length));
    expect(differingRows(boxes, chinese).length).toBeGreaterThan(300);
  });

  it.skipIf(skipWithoutCjk)(`draw different glyphs for different characters ${cjkSkipReason}`, async () => {
    // Without a CJK font every character becomes the same missing-glyph box, so two titles of the
    // same length would come out identical.
    const simplified = decode(await renderClientChartPng(clientChart({ ...labels.zh, title: "简体中文标题" })));
    const traditional = decode(await renderClientChartPng(clientChart({ ...labels.zh, title: "繁體標題範例" })));
    const changed = differingRows(simplified, traditional);
    expect(changed.length).toBeGreaterThan(300);
    expect(Math.max(...changed)).toBeLessThan(40);
  });
});

describe("overview", () => {
  it("draws 24 panels for 30 clients, the first 24", async () => {
    const svg = await renderOverviewChartSvg(overview(30));
    const drawn = [...svg.matchAll(/>Alias-(\d+)<\/text>/g)].map((match) => Number(match[1]));
    expect(drawn.sort((a, b) => a - b)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
  });

  it("is a PNG whose size depends only on the number of rows of panels", async () => {
    const four = decode(await renderOverviewChartPng(overview(4)));
    const five = decode(await renderOverviewChartPng(overview(5)));
    const eight = decode(await renderOverviewChartPng(overview(8)));
    const thirty = decode(await renderOverviewChartPng(overview(30)));
    expect([five.width, five.height]).toEqual([eight.width, eight.height]);
    expect(four.width).toBe(eight.width);
    const rowHeight = eight.height - four.height;
    expect(rowHeight).toBeGreaterThan(90);
    expect(thirty.height).toBe(four.height + 5 * rowHeight);
    expect(thirty.width).toBeLessThanOrEqual(800);
  });

  it("writes the week names under every panel, not only under the bottom row", async () => {
    const svg = await renderOverviewChartSvg(overview(6));
    // Weeks 3, 7 and 11 of the fixture: 26 January, 23 February and 23 March.
    for (const name of ["Jan 26", "Feb 23", "Mar 23"]) {
      expect(svg.split(`>${name}</text>`)).toHaveLength(6 + 1);
    }
  });

  it("renders with no clients", async () => {
    const png = decode(await renderOverviewChartPng(overview(0)));
    expect(png.width).toBeGreaterThan(100);
    expect(png.height).toBeGreaterThan(100);
  });
});

describe("an overall-only client's chart", () => {
  it("draws the overall line in its own colour, and no dimension's line, at the promised size", async () => {
    const overallPoints = weeks.map((weekStart, i) => ({
      weekStart,
      dimension: "overall" as const,
      value: 3 + (i % 3) / 2,
    }));
    const chart = { labels: { ...labels.en, overall: "Overall" }, weeks, points: overallPoints };
    const svg = await renderClientChartSvg(chart);
    expect(svg).toContain(`stroke="${dimensionStyles.overall.colour}"`);
    for (const d of ["safety", "bond", "goals", "tasks"] as const) {
      expect(svg).not.toContain(`stroke="${dimensionStyles[d].colour}"`);
    }
    expect(svg).toContain("Overall");
    expect(svg).not.toContain("Safety");
    const png = decode(await renderClientChartPng(chart));
    expect([png.width, png.height]).toEqual([800, 450]);
  });
});
