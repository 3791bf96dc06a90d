/**
 * One dimension's chart on a client's page: the client's weekly mean beside the therapist's own
 * ratings of the sessions in those weeks. Built from the summary charts' own pieces (weeks, the fixed
 * 1–5 scale, colours, marks, fonts), so the page and the summary draw a score the same way. The
 * client's line takes the dimension's colour and shape; the therapist's is dark grey, dashed, with a
 * shape no dimension uses, so the two are told apart by colour, shape and dash alike.
 */
import type { TopLevelSpec } from "vega-lite";
import type { ChartSeries } from "./chart-input.js";
import { type DimensionStyle, dimensionStyles } from "./palette.js";
import { config, type LayerSpec, marks, styledEncoding, vegaLiteSchema } from "./spec.js";

/** A value on the 1–5 scale in the week starting on `weekStart` ("YYYY-MM-DD"). */
export interface WeekValue {
  weekStart: string;
  value: number;
}

export interface ComparisonChart {
  /** Which line the client's side is: a dimension, or the overall score for an overall-only client. */
  series: ChartSeries;
  labels: {
    title: string;
    weekAxis: string;
    scoreAxis: string;
    /** Legend names of the two lines, in the reader's language. */
    client: string;
    therapist: string;
    /** Short week names by Monday ("2026-11-16" → "Nov 16"), for the axis. */
    weekNames: Record<string, string>;
  };
  /** The chart's weeks, oldest first, as Monday dates. */
  weeks: string[];
  client: WeekValue[];
  therapist: WeekValue[];
}

export const comparisonChartSize = { width: 480, height: 260 } as const;

/** The therapist's line: dark grey (7:1 on white) and a downward triangle, which no dimension uses. */
export const therapistStyle: DimensionStyle = { colour: "#595959", shape: "triangle-down" };

export function buildComparisonChartSpec(chart: ComparisonChart): TopLevelSpec {
  const { labels } = chart;
  // Two dimensions' words could be the same in some language; the legend must still have two entries.
  const therapistName = labels.therapist === labels.client ? `${labels.therapist} (2)` : labels.therapist;
  const names = [labels.client, therapistName];
  const rows = [
    ...weekRows(chart.client, chart.weeks, labels.client),
    ...weekRows(chart.therapist, chart.weeks, therapistName),
  ];
  const spec: LayerSpec = {
    $schema: vegaLiteSchema,
    ...comparisonChartSize,
    autosize: { type: "fit", contains: "padding" },
    padding: 8,
    background: "white",
    title: { text: labels.title, anchor: "start", fontSize: 14, offset: 6 },
    // Week names travel as a parameter, never spliced into expression source.
    params: [{ name: "weekNames", value: labels.weekNames }],
    data: { values: rows },
    encoding: {
      ...styledEncoding(chart.weeks, names, [dimensionStyles[chart.series], therapistStyle], {
        x: { title: labels.weekAxis, labelAngle: -40, labelExpr: "weekNames[datum.value] || datum.value" },
        y: { title: labels.scoreAxis },
      }),
      strokeDash: {
        field: "series",
        type: "nominal",
        scale: {
          domain: names,
          range: [
            [1, 0],
            [6, 4],
          ],
        },
        legend: { title: null },
      },
    },
    layer: marks(2, 60),
    config: config(),
  };
  return spec;
}

/** One row per week (null where there is no value, which breaks the line); later values win. */
function weekRows(values: WeekValue[], weeks: string[], series: string) {
  const byWeek = new Map<string, number>();
  for (const v of values) if (Number.isFinite(v.value)) byWeek.set(v.weekStart, v.value);
  return weeks.map((week) => ({ week, series, score: byWeek.get(week) ?? null }));
}
