/**
 * Draws the charts as SVG and PNG on a plain server: Vega's headless SVG output (no browser, no
 * node-canvas, text widths estimated) rasterised by resvg. Nothing here touches the network.
 *
 * PNG sizes: the client chart is clientChartSize (800 × 450 px). The overview is drawn at its natural
 * size, set by the number of panels shown and the legend (see spec.ts).
 */
import { renderAsync } from "@resvg/resvg-js";
import { logger, None, parse, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import type { ClientChart, OverviewChart } from "./chart-input.js";
import { buildComparisonChartSpec, type ComparisonChart } from "./comparison-spec.js";
import { chartFontOptions } from "./fonts.js";
import { buildClientChartSpec, buildOverviewChartSpec } from "./spec.js";

export function renderClientChartSvg(chart: ClientChart): Promise<string> {
  return specToSvg(buildClientChartSpec(chart));
}

export async function renderClientChartPng(chart: ClientChart): Promise<Uint8Array> {
  return svgToPng(await renderClientChartSvg(chart));
}

export function renderOverviewChartSvg(overview: OverviewChart): Promise<string> {
  return specToSvg(buildOverviewChartSpec(overview));
}

export async function renderOverviewChartPng(overview: OverviewChart): Promise<Uint8Array> {
  return svgToPng(await renderOverviewChartSvg(overview));
}

/** A client page's chart of one dimension, the therapist's ratings beside the client's scores. */
export function renderComparisonChartSvg(chart: ComparisonChart): Promise<string> {
  return specToSvg(buildComparisonChartSpec(chart));
}

/** Exported for tests that check a spec compiles without warnings. */
export async function specToSvg(spec: TopLevelSpec): Promise<string> {
  // Vega and Vega-Lite log to the console and their messages can quote data values; charts hold client
  // scores, so both stay silent. Real failures still throw.
  const quiet = logger(None);
  const runtime = parse(compile(spec, { logger: quiet }).spec);
  const view = new View(runtime, { renderer: "none", logger: quiet, logLevel: None });
  try {
    return await view.toSVG();
  } finally {
    // Releases the view's timers and listeners; a long-running bot renders many charts.
    view.finalize();
  }
}

/** Rasterises on libuv's thread pool, so a chart does not stall the bot's event loop. */
async function svgToPng(svg: string): Promise<Uint8Array> {
  const image = await renderAsync(svg, { font: chartFontOptions(), background: "white", logLevel: "off" });
  return image.asPng();
}
