/**
 * Week-by-week means per dimension, and the two compact ways a chat message shows them: an arrow
 * for the direction of the last four weeks and a sparkline of block characters.
 */
import type { Dimension, WeeklyPoint } from "./chart/chart-input.js";
import type { CheckinScore } from "./scores.js";
import type { Week } from "./weeks.js";

/** Each dimension's mean per week (null: no answer that week), aligned with `weeks`. */
export function weeklyMeans(scores: CheckinScore[], weeks: Week[], dimension: Dimension): (number | null)[] {
  return weeks.map((week) => {
    const values = scores
      .filter((s) => s.at >= week.start && s.at < week.end)
      .map((s) => s.dimensions[dimension])
      .filter((v): v is number => v !== undefined);
    return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
  });
}

export function chartPoints(scores: CheckinScore[], weeks: Week[], dimensions: readonly Dimension[]): WeeklyPoint[] {
  const points: WeeklyPoint[] = [];
  for (const dimension of dimensions) {
    weeklyMeans(scores, weeks, dimension).forEach((value, i) => {
      if (value !== null) points.push({ weekStart: (weeks[i] as Week).mondayDate, dimension, value });
    });
  }
  return points;
}

export type Arrow = "↑" | "↓" | "→" | "–";

/** A change smaller than this (on the 1–5 scale) is "steady". */
const meaningfulChange = 0.5;

/** The latest week with data against the mean of the earlier ones; "–" with fewer than two weeks. */
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

/** One block per week, from ▁ (1) to █ (5); "·" for a week without answers. */
export function sparkline(weekly: (number | null)[]): string {
  return weekly
    .map((v) => (v === null ? "·" : blocks[Math.round(((Math.min(5, Math.max(1, v)) - 1) / 4) * 7)]))
    .join("");
}
