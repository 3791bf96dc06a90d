/**
 * The Vega-Lite specs: fixed axes, every week present, colour-blind-safe series, the overview's panel
 * cap, and no compiler warnings (a warning usually means Vega-Lite ignored part of the spec).
 */
import { logger, Warn } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { describe, expect, it } from "vitest";
import { dimensions } from "../../../src/insights/chart/chart-input.js";
import { dimensionStyles } from "../../../src/insights/chart/palette.js";
import {
  buildClientChartSpec,
  buildOverviewChartSpec,
  clientChartSize,
  overviewMaxPanels,
  overviewTickWeeks,
} from "../../../src/insights/chart/spec.js";
import { clientChart, labels, overview, weeks } from "./fixtures.js";

/** The spec as plain JSON, so tests read it the way Vega-Lite does rather than through its types. */
// biome-ignore lint/suspicious/noExplicitAny: test probes arbitrary spec paths
type Json = any;
const json = (spec: TopLevelSpec): Json => JSON.parse(JSON.stringify(spec));

function compileWarnings(spec: TopLevelSpec): string[] {
  const warnings: string[] = [];
  const recording = logger(Warn, "warn", (_method, _level, args) => warnings.push(args.map(String).join(" ")));
  compile(spec, { logger: recording });
  return warnings;
}

describe("client chart spec", () => {
  const spec = json(buildClientChartSpec(clientChart(labels.sv, [3, 4])));

  it("puts all twelve weeks on the x axis in order, even weeks without answers", () => {
    expect(spec.encoding.x.scale.domain).toEqual(weeks);
    expect(spec.encoding.x.scale.domain).toHaveLength(12);
  });

  it("fixes the score axis to 1–5", () => {
    expect(spec.encoding.y.scale.domain).toEqual([1, 5]);
    expect(spec.encoding.y.scale.nice).toBe(false);
    expect(spec.encoding.y.axis.values).toEqual([1, 2, 3, 4, 5]);
  });

  it("is titled from the labels", () => {
    expect(spec.title.text).toBe(labels.sv.title);
    expect(spec.encoding.x.axis.title).toBe(labels.sv.weekAxis);
    expect(spec.encoding.y.axis.title).toBe(labels.sv.scoreAxis);
    expect(spec.width).toBe(clientChartSize.width);
    expect(spec.height).toBe(clientChartSize.height);
  });

  it("names the legend entries in the reader's language, in dimension order", () => {
    const legendNames = dimensions.map((d) => labels.sv.dimensions[d]);
    expect(spec.encoding.color.scale.domain).toEqual(legendNames);
    expect(spec.encoding.shape.scale.domain).toEqual(legendNames);
  });

  it("gives every dimension its own Okabe–Ito colour and its own point shape", () => {
    const colours: string[] = spec.encoding.color.scale.range;
    const shapes: string[] = spec.encoding.shape.scale.range;
    expect(new Set(colours).size).toBe(4);
    expect(new Set(shapes).size).toBe(4);
    const okabeIto = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"];
    for (const colour of colours) expect(okabeIto).toContain(colour);
    expect(colours).toEqual(dimensions.map((d) => dimensionStyles[d].colour));
  });

  it("marks weeks without a score as gaps instead of leaving them out", () => {
    const rows: { week: string; score: number | null }[] = spec.data.values;
    expect(rows).toHaveLength(12 * 4);
    const missing = rows.filter((row) => row.score === null).map((row) => row.week);
    expect(new Set(missing)).toEqual(new Set([weeks[3], weeks[4]]));
  });

  it("drops points outside the chart's weeks and non-finite scores", () => {
    const chart = clientChart(labels.en);
    chart.points = [
      { weekStart: "1999-01-04", dimension: "bond", value: 3 },
      { weekStart: weeks[0] ?? "", dimension: "bond", value: Number.NaN },
      { weekStart: weeks[1] ?? "", dimension: "bond", value: 4 },
    ];
    const rows: { week: string; score: number | null }[] = json(buildClientChartSpec(chart)).data.values;
    expect(rows.some((row) => row.week === "1999-01-04")).toBe(false);
    expect(rows.filter((row) => row.score !== null)).toEqual([{ week: weeks[1], series: "Bond", score: 4 }]);
  });

  it("keeps four legend entries when two dimensions share a translation", () => {
    const same = { ...labels.en, dimensions: { safety: "Same", bond: "Same", goals: "Goals", tasks: "Tasks" } };
    const domain: string[] = json(buildClientChartSpec(clientChart(same))).encoding.color.scale.domain;
    expect(new Set(domain).size).toBe(4);
  });

  it("compiles without Vega-Lite warnings", () => {
    expect(compileWarnings(buildClientChartSpec(clientChart(labels.zh, [0, 5])))).toEqual([]);
  });
});

describe("overview spec", () => {
  it("draws only the first 24 of 30 clients, in the caller's order", () => {
    const spec = json(buildOverviewChartSpec(overview(30)));
    const aliases: string[] = spec.params[0].value;
    expect(aliases).toHaveLength(overviewMaxPanels);
    expect(aliases[0]).toBe("Alias-1");
    expect(aliases.at(-1)).toBe("Alias-24");
    const panels = new Set(spec.data.values.map((row: { panel: number }) => row.panel));
    expect(panels.size).toBe(24);
  });

  it("puts at most four panels in a row, all on the same fixed axes", () => {
    const spec = json(buildOverviewChartSpec(overview(9)));
    expect(spec.columns).toBe(4);
    expect(spec.spec.encoding.x.scale.domain).toEqual(weeks);
    expect(spec.spec.encoding.y.scale.domain).toEqual([1, 5]);
  });

  it("dates every panel's x axis: a short week name every fourth week, ending with the latest", () => {
    const spec = json(buildOverviewChartSpec(overview(5)));
    const axis = spec.spec.encoding.x.axis;
    expect(axis.labels).not.toBe(false);
    expect(axis.values).toEqual([weeks[3], weeks[7], weeks[11]]);
    expect(overviewTickWeeks(weeks.slice(0, 5))).toEqual([weeks[0], weeks[4]]);
    // The names travel as a parameter the label expression looks up, never spliced into it.
    expect(axis.labelExpr).toBe("weekNames[datum.value] || datum.value");
    expect(spec.params).toContainEqual({ name: "weekNames", value: labels.en.weekNames });
    expect(spec.resolve).toEqual({ axis: { x: "independent" } });
  });

  it("gives clients with the same alias a panel each", () => {
    const chart = overview(3);
    for (const client of chart.clients) client.alias = "Same";
    const spec = json(buildOverviewChartSpec(chart));
    expect(new Set(spec.data.values.map((row: { panel: number }) => row.panel)).size).toBe(3);
  });

  it("compiles without Vega-Lite warnings, also with no clients", () => {
    expect(compileWarnings(buildOverviewChartSpec(overview(30)))).toEqual([]);
    expect(compileWarnings(buildOverviewChartSpec(overview(0)))).toEqual([]);
  });
});
