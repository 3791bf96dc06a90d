/**
 * The client page's chart of one dimension: the summary's fixed axes and every week, two lines told
 * apart by colour, shape and dash, a break where a week has no value, words passed as values rather
 * than expression source, and no compiler warnings.
 */
import { logger, Warn } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { describe, expect, it } from "vitest";
import {
  buildComparisonChartSpec,
  type ComparisonChart,
  comparisonChartSize,
  therapistStyle,
} from "../../../src/insights/chart/comparison-spec.js";
import { dimensionStyles } from "../../../src/insights/chart/palette.js";
import { renderComparisonChartSvg } from "../../../src/insights/chart/render.js";
import { labels, weeks } from "./fixtures.js";

// biome-ignore lint/suspicious/noExplicitAny: test probes arbitrary spec paths
type Json = any;
const json = (spec: TopLevelSpec): Json => JSON.parse(JSON.stringify(spec));

function chart(overrides: Partial<ComparisonChart["labels"]> = {}): ComparisonChart {
  return {
    series: "bond",
    labels: {
      title: "Bond",
      weekAxis: labels.en.weekAxis,
      scoreAxis: labels.en.scoreAxis,
      client: "Client",
      therapist: "You (Bond)",
      weekNames: labels.en.weekNames,
      ...overrides,
    },
    weeks,
    client: weeks.slice(0, 10).map((weekStart, i) => ({ weekStart, value: 3 + (i % 2) })),
    therapist: [
      { weekStart: weeks[2] as string, value: 2 },
      { weekStart: weeks[3] as string, value: 4.5 },
    ],
  };
}

describe("comparison chart spec", () => {
  const spec = json(buildComparisonChartSpec(chart()));

  it("draws every week on the summary's fixed 1–5 scale, at its own size", () => {
    expect(spec.encoding.x.scale.domain).toEqual(weeks);
    expect(spec.encoding.y.scale.domain).toEqual([1, 5]);
    expect(spec.encoding.y.axis.values).toEqual([1, 2, 3, 4, 5]);
    expect([spec.width, spec.height]).toEqual([comparisonChartSize.width, comparisonChartSize.height]);
  });

  it("tells the client's line and the therapist's apart by colour, shape and dash", () => {
    expect(spec.encoding.color.scale.domain).toEqual(["Client", "You (Bond)"]);
    expect(spec.encoding.color.scale.range).toEqual([dimensionStyles.bond.colour, therapistStyle.colour]);
    expect(spec.encoding.shape.scale.range).toEqual([dimensionStyles.bond.shape, therapistStyle.shape]);
    const shapes = Object.values(dimensionStyles).map((s) => s.shape);
    expect(shapes).not.toContain(therapistStyle.shape);
    const [solid, dashed] = spec.encoding.strokeDash.scale.range;
    expect(solid).not.toEqual(dashed);
  });

  it("has a row for every week of both lines, null where there is no value", () => {
    const rows: { week: string; series: string; score: number | null }[] = spec.data.values;
    expect(rows).toHaveLength(weeks.length * 2);
    const therapist = rows.filter((r) => r.series === "You (Bond)");
    expect(therapist.map((r) => r.score)).toEqual([null, null, 2, 4.5, ...Array(8).fill(null)]);
    expect(rows.filter((r) => r.series === "Client").at(-1)?.score).toBeNull();
  });

  it("keeps two legend entries when both names are the same word", () => {
    const same = json(buildComparisonChartSpec(chart({ therapist: "Client" })));
    expect(new Set(same.encoding.color.scale.domain).size).toBe(2);
  });

  it("passes week names as a parameter, never as expression source", () => {
    const tricky = json(buildComparisonChartSpec(chart({ weekNames: { [weeks[0] as string]: "'); alert(1); ('" } })));
    expect(tricky.params[0].value[weeks[0] as string]).toBe("'); alert(1); ('");
    expect(tricky.encoding.x.axis.labelExpr).toBe("weekNames[datum.value] || datum.value");
  });

  it("compiles without warnings and draws an SVG without script or style attributes", async () => {
    const warnings: string[] = [];
    const recording = logger(Warn, "warn", (_method, _level, args) => warnings.push(args.map(String).join(" ")));
    compile(buildComparisonChartSpec(chart()), { logger: recording });
    expect(warnings).toEqual([]);
    const svg = await renderComparisonChartSvg(chart());
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("You (Bond)");
    expect(svg).not.toMatch(/<script|\sstyle=|\son[a-z]+=/i);
  });
});
