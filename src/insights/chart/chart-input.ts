/**
 * What the chart renderer is given: already-localised labels and weekly scores. The renderer knows
 * nothing about clients, flags or the database; the weekly summary builds these.
 */

export const dimensions = ["safety", "bond", "goals", "tasks"] as const;
export type Dimension = (typeof dimensions)[number];

/**
 * What a chart can draw a line for: the four dimensions, or the overall score alone (for a client
 * who shares only that, see src/insights/overall-only.ts).
 */
export const chartSeries = [...dimensions, "overall"] as const;
export type ChartSeries = (typeof chartSeries)[number];

export interface ChartLabels {
  /** Chart title, e.g. "R.K. — last 12 weeks" (aliases only, never names). */
  title: string;
  /** Axis title under the weeks, e.g. "Week starting". */
  weekAxis: string;
  /** Axis title beside the scores, e.g. "Score (1–5)". */
  scoreAxis: string;
  /** Legend names of the four dimensions in the reader's language. */
  dimensions: Record<Dimension, string>;
  /** The overall score's legend name, for a chart that draws it. */
  overall?: string;
  /**
   * Short names of the weeks, keyed by their Monday ("2026-11-16" → "Nov 16"): the overview's small
   * panels have no room for full dates under them.
   */
  weekNames: Record<string, string>;
}

/** One dimension's (or the overall) mean score (on the 1–5 scale) in one week. Weeks without answers have no point. */
export interface WeeklyPoint {
  /** The Monday the week starts on, "YYYY-MM-DD", in the therapist's time zone. */
  weekStart: string;
  dimension: ChartSeries;
  value: number;
}

/** One client's dimensions over the chart's weeks. */
export interface ClientChart {
  labels: ChartLabels;
  /** The weeks on the x axis, oldest first (12 for the summary), as Monday dates "YYYY-MM-DD". */
  weeks: string[];
  points: WeeklyPoint[];
}

/** Small multiples: one small panel per client, same axes, for a glance at the whole caseload. */
export interface OverviewChart {
  labels: ChartLabels;
  weeks: string[];
  clients: { alias: string; points: WeeklyPoint[] }[];
}
