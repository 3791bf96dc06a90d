/**
 * A client page's charts: one per dimension, the client's weekly mean (the very points the summary's
 * chart draws) beside the therapist's own rating of the sessions in each week. The therapist rates
 * "the work" as one question, so the goals and the tasks charts both show that rating. A client who
 * shares only their overall score gets one chart: their overall score beside the therapist's mean
 * rating, as the summary compares them.
 */
import { type RatingDimension, ratingDimensions } from "../db/schema.js";
import { type Dimension, dimensions } from "./chart/chart-input.js";
import type { ComparisonChart, WeekValue } from "./chart/comparison-spec.js";
import type { ClientRecord } from "./client-record.js";
import type { SummaryWords } from "./render/summary-text.js";
import type { SessionSides } from "./side-by-side.js";

/** Which of the therapist's three questions each of the client's dimensions is compared with. */
export const ratingFor: Record<Dimension, RatingDimension> = {
  safety: "safety",
  bond: "bond",
  goals: "work",
  tasks: "work",
};

/** The mean of each week's rated sessions, for the weeks that had any. */
function therapistWeeks(record: ClientRecord, pick: (sides: SessionSides) => number | undefined): WeekValue[] {
  const sums = new Map<string, { sum: number; count: number }>();
  for (const sides of record.sides) {
    const value = pick(sides);
    const week = record.chartWeeks.find((w) => sides.sessionAt >= w.start && sides.sessionAt < w.end);
    if (value === undefined || !week) continue;
    const seen = sums.get(week.mondayDate) ?? { sum: 0, count: 0 };
    sums.set(week.mondayDate, { sum: seen.sum + value, count: seen.count + 1 });
  }
  return [...sums].map(([weekStart, { sum, count }]) => ({ weekStart, value: sum / count }));
}

export function comparisonCharts(record: ClientRecord, w: SummaryWords): ComparisonChart[] {
  const weeks = record.chartWeeks.map((week) => week.mondayDate);
  const weekNames = Object.fromEntries(weeks.map((week) => [week, w.weekLabel(week)]));
  const labels = (title: string, therapist: string): ComparisonChart["labels"] => ({
    title,
    weekAxis: w.t("summary.chart_week_axis"),
    scoreAxis: w.t("summary.chart_score_axis"),
    client: w.t("web_client.chart_client"),
    therapist,
    weekNames,
  });
  const clientPoints = (series: Dimension | "overall"): WeekValue[] =>
    record.client.chart.filter((p) => p.dimension === series).map((p) => ({ weekStart: p.weekStart, value: p.value }));

  if (record.client.scoreDetail === "overall") {
    return [
      {
        series: "overall",
        labels: labels(w.dimension("overall"), w.t("web_client.chart_you_mean")),
        weeks,
        client: clientPoints("overall"),
        therapist: therapistWeeks(record, (s) => s.overall?.therapist),
      },
    ];
  }
  return dimensions.map((d) => ({
    series: d,
    labels: labels(w.dimension(d), w.t("web_client.chart_you", { rating: w.dimension(ratingFor[d]) })),
    weeks,
    client: clientPoints(d),
    therapist: therapistWeeks(record, (s) => s.therapist[ratingFor[d]]),
  }));
}

/** Whether the therapist rated any session in the chart's weeks (the page says so when not). */
export const anyRating = (record: ClientRecord) =>
  record.sides.some((s) => ratingDimensions.some((d) => s.therapist[d] !== undefined) || s.overall?.therapist);
