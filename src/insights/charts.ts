/**
 * Turns a weekly summary into its pictures: one chart per client worth a closer look, and one small-
 * multiples overview of the caseload. Rendering is injected (`ChartRenderer`) so that the weekly job
 * and the CLI can be tested without drawing, and so a broken renderer never stops the text summary.
 */
import type { ClientChart, OverviewChart } from "./chart/chart-input.js";
import { chartLabels, type SummaryWords } from "./render/summary-text.js";
import type { ClientWeek, WeeklySummary } from "./weekly-summary.js";

export interface ChartRenderer {
  client(chart: ClientChart): Promise<Uint8Array>;
  overview(chart: OverviewChart): Promise<Uint8Array>;
}

/**
 * vega, vega-lite and resvg are loaded on the first chart, not at start-up: they cost about 0.7 s and
 * 50 MB, and most minutes of a bot's life draw no chart (B4 in docs/BENCHMARKS.md).
 */
const renderModule = () => import("./chart/render.js");
export const pngRenderer: ChartRenderer = {
  client: async (chart) => (await renderModule()).renderClientChartPng(chart),
  overview: async (chart) => (await renderModule()).renderOverviewChartPng(chart),
};

export interface RenderedChart {
  /** The client the chart is about, or undefined for the overview. */
  clientId: number | undefined;
  png: Uint8Array;
  caption: string;
  altText: string;
  fileName: string;
}

/** At most this many client charts go into one chat summary; the overview still shows everyone. */
export const maxClientCharts = 8;

const chartWeekDates = (summary: WeeklySummary) => summary.chartWeeks.map((week) => week.mondayDate);

export function clientChart(summary: WeeklySummary, client: ClientWeek, w: SummaryWords): ClientChart {
  const weeks = chartWeekDates(summary);
  return {
    labels: chartLabels(w.t("summary.chart_title", { alias: client.alias }), w, weeks),
    weeks,
    points: client.chart,
  };
}

export function overviewChart(summary: WeeklySummary, w: SummaryWords): OverviewChart {
  const weeks = chartWeekDates(summary);
  return {
    labels: chartLabels(w.t("summary.overview_title"), w, weeks),
    weeks,
    clients: summary.clients.map((c) => ({ alias: c.alias, points: c.chart })),
  };
}

/**
 * Every piece of text renderSummaryCharts would draw, so a caller can tell before (or after) drawing
 * whether the charts need a CJK font (see chart/font-notice.ts). Empty when no chart is drawn.
 */
export function summaryChartTexts(summary: WeeklySummary, w: SummaryWords): string[] {
  if (summary.clients.length === 0) return [];
  // The client charts share the overview's labels but for their titles.
  const { labels } = overviewChart(summary, w);
  return [
    labels.title,
    labels.weekAxis,
    labels.scoreAxis,
    ...Object.values(labels.dimensions),
    ...(labels.overall ? [labels.overall] : []),
    ...Object.values(labels.weekNames),
    ...chartedClients(summary).map((client) => clientChart(summary, client, w).labels.title),
    ...summary.clients.map((client) => client.alias),
  ];
}

/** The clients who get a chart of their own: those with flags, the most serious first, up to the cap. */
function chartedClients(summary: WeeklySummary): ClientWeek[] {
  return summary.clients.filter((c) => c.flags.length > 0).slice(0, maxClientCharts);
}

export async function renderClientChart(
  summary: WeeklySummary,
  client: ClientWeek,
  w: SummaryWords,
  renderer: ChartRenderer,
): Promise<RenderedChart> {
  return {
    clientId: client.clientId,
    png: await renderer.client(clientChart(summary, client, w)),
    caption: w.t("summary.chart_title", { alias: client.alias }),
    altText: w.t(client.scoreDetail === "overall" ? "sharing.chart_alt_overall" : "summary.chart_alt", {
      alias: client.alias,
    }),
    // The file name is seen by the platform: an id, never an alias.
    fileName: `${summary.week.id}-client-${client.clientId}.png`,
  };
}

/** The overview plus a chart for each client with flags (the most serious first, up to the cap). */
export async function renderSummaryCharts(
  summary: WeeklySummary,
  w: SummaryWords,
  renderer: ChartRenderer,
): Promise<RenderedChart[]> {
  if (summary.clients.length === 0) return [];
  const charts: RenderedChart[] = [
    {
      clientId: undefined,
      png: await renderer.overview(overviewChart(summary, w)),
      caption: w.t("summary.overview_title"),
      altText: w.t("summary.overview_alt"),
      fileName: `${summary.week.id}-overview.png`,
    },
  ];
  for (const client of chartedClients(summary)) {
    charts.push(await renderClientChart(summary, client, w, renderer));
  }
  return charts;
}
