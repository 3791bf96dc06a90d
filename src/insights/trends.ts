/**
 * Week-by-week means per dimension, and the two compact ways a chat message shows them: an arrow
 * for the direction of the last four weeks and a sparkline of block characters. The arrow and the
 * sparkline read any buckets of check-ins: weeks, or a client's sessions (see session-trends.ts).
 */
import type { ChartSeries, Dimension, WeeklyPoint } from "./chart/chart-input.js";
import type { CheckinScore } from "./scores.js";
import type { Week } from "./weeks.js";

/** Which of `weeks` each score falls in (by index), found once rather than per dimension and week. */
export function scoresByWeek(scores: CheckinScore[], weeks: Week[]): CheckinScore[][] {
  const buckets: CheckinScore[][] = weeks.map(() => []);
  const bounds = weeks.map((w) => [w.start.getTime(), w.end.getTime()] as const);
  for (const score of scores) {
    const at = score.at.getTime();
    const index = bounds.findIndex(([start, end]) => at >= start && at < end);
    if (index >= 0) buckets[index]?.push(score);
  }
  return buckets;
}

/**
 * Each dimension's (or the overall score's) mean per bucket (a week, or a session; null: no answer in
 * it), aligned with the buckets.
 */
export function weeklyMeans(buckets: CheckinScore[][], dimension: ChartSeries): (number | null)[] {
  return buckets.map((bucket) => {
    let sum = 0;
    let count = 0;
    for (const score of bucket) {
      const value = dimension === "overall" ? score.overall : score.dimensions[dimension];
      if (value === undefined) continue;
      sum += value;
      count += 1;
    }
    return count === 0 ? null : sum / count;
  });
}

export function chartPoints(
  buckets: CheckinScore[][],
  weeks: Week[],
  dimensions: readonly ChartSeries[],
): WeeklyPoint[] {
  const points: WeeklyPoint[] = [];
  for (const dimension of dimensions) {
    weeklyMeans(buckets, dimension).forEach((value, i) => {
      if (value !== null) points.push({ weekStart: (weeks[i] as Week).mondayDate, dimension, value });
    });
  }
  return points;
}

/** The latest week with any point, and each dimension's mean that week (absent: no answer for it). */
export interface LatestWeek {
  weekStart: string;
  dimensions: Partial<Record<Dimension, number>>;
  /** The overall mean that week, where the chart draws the overall line (an overall-only client). */
  overall?: number;
}

/**
 * The numbers the summary prints beside each dimension. They are read from the chart's own points, so
 * the text and the picture cannot disagree: both show that week's mean, not the latest check-in alone.
 * One week for all dimensions, so one date labels the lot.
 */
export function latestWeekOf(points: WeeklyPoint[]): LatestWeek | undefined {
  let weekStart: string | undefined;
  // "YYYY-MM-DD" strings sort as dates.
  for (const point of points) if (weekStart === undefined || point.weekStart > weekStart) weekStart = point.weekStart;
  if (weekStart === undefined) return undefined;
  const latest: LatestWeek = { weekStart, dimensions: {} };
  for (const point of points) {
    if (point.weekStart !== weekStart) continue;
    if (point.dimension === "overall") latest.overall = point.value;
    else latest.dimensions[point.dimension] = point.value;
  }
  return latest;
}

export type Arrow = "↑" | "↓" | "→" | "–";

/** A change smaller than this (on the 1–5 scale) is "steady"; the summary's legend quotes it. */
export const meaningfulChange = 0.5;

/** The latest week (or session) with data against the mean of the earlier ones; "–" with fewer than two. */
export function arrowOf(weekly: (number | null)[]): Arrow {
  const present = weekly.filter((v): v is number => v !== null);
  if (present.length < 2) return "–";
  const latest = present.at(-1) as number;
  const earlier = present.slice(0, -1);
  const change = latest - earlier.reduce((a, b) => a + b, 0) / earlier.length;
  if (change >= meaningfulChange) return "↑";
  if (change <= -meaningfulChange) return "↓";
  return "→";
}

const blocks = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];

/** One block per week (or session), from ▁ (1) to █ (5); "·" for one without answers. */
export function sparkline(weekly: (number | null)[]): string {
  return weekly
    .map((v) => (v === null ? "·" : blocks[Math.round(((Math.min(5, Math.max(1, v)) - 1) / 4) * 7)]))
    .join("");
}
