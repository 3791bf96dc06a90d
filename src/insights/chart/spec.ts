/**
 * Turns chart input into Vega-Lite specs. Kept apart from rendering so the layout decisions (fixed
 * 1–5 scale, every week on the axis, colour plus shape per dimension) can be checked without drawing.
 *
 * Sizes: the client chart is exactly clientChartSize (800 × 450 px) whatever its labels say, because it
 * is fitted to that box. The overview is laid out from fixed-size panels, at most overviewColumns per
 * row; its size follows from the number of panels and the legend's width (long dimension names widen it),
 * and is the same for the same input.
 */
import type { TopLevelSpec } from "vega-lite";
import {
  type ChartLabels,
  type ChartSeries,
  type ClientChart,
  dimensions,
  type OverviewChart,
  type WeeklyPoint,
} from "./chart-input.js";
import { chartFontFamily } from "./fonts.js";
import { type DimensionStyle, dimensionStyles } from "./palette.js";

export const clientChartSize = { width: 800, height: 450 } as const;
export const overviewColumns = 4;
/**
 * More panels than this become unreadable in a chat app. The caller puts the clients it most wants seen
 * first; the rest are left out of the picture (the summary text still covers them).
 */
export const overviewMaxPanels = 24;
export const overviewPanelSize = { width: 150, height: 90 } as const;
/** A dated tick every this many weeks under each small panel (see overviewTickWeeks). */
export const overviewTickEvery = 4;

type FacetSpec = Extract<TopLevelSpec, { facet: unknown }>;
export type LayerSpec = Extract<TopLevelSpec, { layer: unknown }>;
export type Encoding = NonNullable<LayerSpec["encoding"]>;
type Config = NonNullable<TopLevelSpec["config"]>;

export const vegaLiteSchema = "https://vega.github.io/schema/vega-lite/v6.json";
const scoreTicks = [1, 2, 3, 4, 5];

/** The legend label is the series key itself, so no label text ever has to go into a Vega expression. */
interface Row {
  week: string;
  series: string;
  score: number | null;
}

export function buildClientChartSpec(chart: ClientChart): TopLevelSpec {
  const series = seriesNames(chart.labels, drawnSeries(chart.points));
  const spec: LayerSpec = {
    $schema: vegaLiteSchema,
    ...clientChartSize,
    // "fit" with padding included makes the whole picture exactly this size, legend and titles inside.
    autosize: { type: "fit", contains: "padding" },
    padding: 12,
    background: "white",
    title: { text: chart.labels.title, anchor: "start", fontSize: 16, offset: 10, limit: clientChartSize.width - 24 },
    data: { values: rows(chart.points, chart.weeks, series) },
    encoding: encoding(chart.weeks, series, {
      x: { title: chart.labels.weekAxis, labelAngle: -40 },
      y: { title: chart.labels.scoreAxis },
    }),
    layer: marks(2, 70),
    config: config(),
  };
  return spec;
}

export function buildOverviewChartSpec(overview: OverviewChart): TopLevelSpec {
  const shown = overview.clients.slice(0, overviewMaxPanels);
  const series = seriesNames(overview.labels, drawnSeries(shown.flatMap((client) => client.points)));
  // An empty caseload still gets one empty panel rather than an error in the weekly job.
  const clients = shown.length > 0 ? shown : [{ alias: "", points: [] }];
  const first = overview.weeks[0] ?? "";
  const last = overview.weeks.at(-1) ?? "";
  // One faceted data set draws far faster than a concatenation of separate views. Panels are keyed by
  // position, not alias, so two clients with the same alias still get a panel each; every client has
  // rows for every week (see rows()), so none is dropped for lack of data.
  const values = clients.flatMap((client, panel) =>
    rows(client.points, overview.weeks, series).map((row) => ({ ...row, panel })),
  );
  const spec: FacetSpec = {
    $schema: vegaLiteSchema,
    padding: 12,
    background: "white",
    title: {
      text: overview.labels.title,
      // The panels' axes name only a few weeks, without the year; the full range is written here.
      subtitle: first && last ? `${overview.labels.weekAxis}: ${first} – ${last}` : "",
      anchor: "start",
      fontSize: 16,
      offset: 10,
    },
    // The aliases and week names travel as values, never spliced into expression source.
    params: [
      { name: "aliases", value: clients.map((client) => client.alias) },
      { name: "weekNames", value: overview.labels.weekNames },
    ],
    data: { values },
    columns: overviewColumns,
    facet: {
      field: "panel",
      type: "ordinal",
      sort: null,
      header: {
        title: null,
        labelExpr: "aliases[datum.value]",
        labelFontSize: 12,
        labelFontWeight: "bold",
        labelLimit: overviewPanelSize.width,
      },
    },
    spec: {
      ...overviewPanelSize,
      encoding: encoding(overview.weeks, series, {
        x: {
          title: null,
          values: overviewTickWeeks(overview.weeks),
          labelExpr: "weekNames[datum.value] || datum.value",
          labelAngle: 0,
          labelFontSize: 9,
        },
        y: { title: overview.labels.scoreAxis },
      }),
      layer: marks(1.5, 30),
    },
    // Each panel gets its own dated axis: shared, Vega-Lite draws it only under each column's last
    // panel, which leaves the upper panels undated and hangs axes under empty space in a short last row.
    resolve: { axis: { x: "independent" } },
    config: config(),
  };
  return spec;
}

/**
 * The weeks a small panel names under its x axis: twelve labels do not fit under 150 px, so every
 * overviewTickEvery-th week, counted back from the latest so the week the summary is about is always named.
 */
export function overviewTickWeeks(weeks: string[]): string[] {
  return weeks.filter((_, i) => (weeks.length - 1 - i) % overviewTickEvery === 0);
}

/**
 * The lines a chart draws: the four dimensions (also for a chart with no points at all, so an empty
 * week still has its legend), and the overall line where a client shares only that. A chart of only
 * overall points draws the overall line alone: no dimension appears in it, not even empty.
 */
function drawnSeries(points: readonly WeeklyPoint[]): ChartSeries[] {
  const overall = points.some((p) => p.dimension === "overall");
  const perDimension = !overall || points.some((p) => p.dimension !== "overall");
  return [...(perDimension ? dimensions : []), ...(overall ? (["overall"] as const) : [])];
}

/** The names of the drawn series, keyed by series. */
type SeriesNames = Map<ChartSeries, string>;

/**
 * Legend names in series order. Two dimensions translated to the same word would merge into one
 * legend entry, so a repeat gets the dimension's key added to keep all of them apart.
 */
function seriesNames(labels: ChartLabels, drawn: readonly ChartSeries[]): SeriesNames {
  const seen = new Set<string>();
  const names: SeriesNames = new Map();
  for (const dimension of drawn) {
    const label = dimension === "overall" ? (labels.overall ?? dimension) : labels.dimensions[dimension];
    const name = seen.has(label) ? `${label} (${dimension})` : label;
    seen.add(name);
    names.set(dimension, name);
  }
  return names;
}

/**
 * Every week × dimension gets a row; a week without a score gets a null one, which breaks that line
 * rather than drawing a slope through weeks nobody answered. Points outside the chart's weeks or
 * without a finite score are dropped; if a week has two points for a dimension the later one wins.
 */
function rows(points: WeeklyPoint[], weeks: string[], series: SeriesNames): Row[] {
  const scores = new Map<string, number>();
  for (const point of points) {
    if (Number.isFinite(point.value)) scores.set(`${point.dimension}|${point.weekStart}`, point.value);
  }
  return [...series].flatMap(([dimension, name]) =>
    weeks.map((week) => ({ week, series: name, score: scores.get(`${dimension}|${week}`) ?? null })),
  );
}

export interface AxisChoices {
  x: { title: string | null; labelAngle?: number; values?: string[]; labelExpr?: string; labelFontSize?: number };
  y: { title: string | null };
}

function encoding(weeks: string[], series: SeriesNames, axes: AxisChoices): Encoding {
  const styles = [...series.keys()].map((key) => dimensionStyles[key]);
  return styledEncoding(weeks, [...series.values()], styles, axes);
}

/**
 * The summary charts' axes and series encoding for any named lines: weeks on x (every one, answered
 * or not), the fixed 1–5 scale on y, and each line its own colour and point shape, in `names` order.
 */
export function styledEncoding(
  weeks: string[],
  seriesDomain: string[],
  styles: DimensionStyle[],
  axes: AxisChoices,
): Encoding {
  return {
    // An explicit domain keeps every week on the axis even when no one answered that week.
    x: { field: "week", type: "ordinal", sort: null, scale: { domain: weeks }, axis: axes.x },
    y: {
      field: "score",
      type: "quantitative",
      scale: { domain: [1, 5], nice: false, zero: false, clamp: true },
      axis: { ...axes.y, values: scoreTicks, format: "d" },
    },
    color: {
      field: "series",
      type: "nominal",
      scale: { domain: seriesDomain, range: styles.map((style) => style.colour) },
      legend: { title: null },
    },
    shape: {
      field: "series",
      type: "nominal",
      scale: { domain: seriesDomain, range: styles.map((style) => style.shape) },
      legend: { title: null },
    },
  };
}

export function marks(strokeWidth: number, pointSize: number): LayerSpec["layer"] {
  return [
    { mark: { type: "line", strokeWidth } },
    { mark: { type: "point", filled: true, size: pointSize, opacity: 1 } },
  ];
}

export function config(): Config {
  return {
    font: chartFontFamily,
    legend: {
      orient: "top",
      direction: "horizontal",
      labelFontSize: 12,
      symbolSize: 90,
      labelLimit: 160,
      columnPadding: 16,
    },
    axis: { labelFontSize: 11, titleFontSize: 12, gridColor: "#e4e4e4" },
    view: { stroke: "#cccccc" },
  };
}
