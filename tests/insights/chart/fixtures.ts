/**
 * Chart inputs in the three shipped languages and small pixel tools, shared by the chart tests. The
 * CJK gate lives here so every test that needs Chinese glyphs skips or fails for the same reason.
 */
import { PNG } from "pngjs";
import type { ChartLabels, ClientChart, OverviewChart, WeeklyPoint } from "../../../src/insights/chart/chart-input.js";
import { dimensions } from "../../../src/insights/chart/chart-input.js";
import { cjkFontAvailable } from "../../../src/insights/chart/fonts.js";

/** Twelve Mondays, oldest first. */
export const weeks = Array.from({ length: 12 }, (_, i) =>
  new Date(Date.UTC(2026, 0, 5 + 7 * i)).toISOString().slice(0, 10),
);

/** Short week names as the summary makes them ("Jan 5", "5 jan.", "1月5日"). */
const weekNames = (locale: string) => {
  const format = new Intl.DateTimeFormat(locale, { month: "short", day: "numeric", timeZone: "UTC" });
  return Object.fromEntries(weeks.map((week) => [week, format.format(new Date(`${week}T00:00:00Z`))]));
};

export const labels = {
  en: {
    title: "R.K. — last 12 weeks",
    weekAxis: "Week starting",
    scoreAxis: "Score (1–5)",
    dimensions: { safety: "Safety", bond: "Bond", goals: "Goals", tasks: "Tasks" },
    weekNames: weekNames("en"),
  },
  sv: {
    title: "R.K. — senaste 12 veckorna, åäö ÅÄÖ",
    weekAxis: "Veckan börjar",
    scoreAxis: "Poäng (1–5)",
    dimensions: { safety: "Trygghet", bond: "Relation", goals: "Mål", tasks: "Uppgifter" },
    weekNames: weekNames("sv"),
  },
  zh: {
    title: "R.K. — 最近十二周",
    weekAxis: "周开始",
    scoreAxis: "分数 (1–5)",
    dimensions: { safety: "安全感", bond: "關係", goals: "目标", tasks: "任務" },
    weekNames: weekNames("zh-CN"),
  },
} satisfies Record<string, ChartLabels>;

/** Scores for every dimension in every week except `skip`, varied so lines cross. */
export function points(skip: number[] = [], seed = 0): WeeklyPoint[] {
  return weeks.flatMap((weekStart, w) =>
    skip.includes(w)
      ? []
      : dimensions.map((dimension, d) => ({ weekStart, dimension, value: 1 + ((w * 0.7 + d * 1.3 + seed) % 4) })),
  );
}

export function clientChart(chartLabels: ChartLabels, skip: number[] = []): ClientChart {
  return { labels: chartLabels, weeks, points: points(skip) };
}

export function overview(clientCount: number): OverviewChart {
  return {
    labels: labels.en,
    weeks,
    clients: Array.from({ length: clientCount }, (_, i) => ({ alias: `Alias-${i + 1}`, points: points([], i) })),
  };
}

export function decode(png: Uint8Array): PNG {
  return PNG.sync.read(Buffer.from(png));
}

/** Pixels whose colour differs between two same-size images, with the row each one is on. */
export function differingRows(a: PNG, b: PNG): number[] {
  if (a.width !== b.width || a.height !== b.height) throw new Error("images differ in size");
  const rows: number[] = [];
  for (let i = 0; i < a.data.length; i += 4) {
    if (a.data[i] !== b.data[i] || a.data[i + 1] !== b.data[i + 1] || a.data[i + 2] !== b.data[i + 2]) {
      rows.push(Math.floor(i / 4 / a.width));
    }
  }
  return rows;
}

const cjkRequired = process.env.INTERLUDE_REQUIRE_CJK_FONT === "1";
export const cjkPresent = cjkFontAvailable();
/**
 * Skip Chinese-glyph tests only when no CJK font is installed and CI has not demanded one; with
 * INTERLUDE_REQUIRE_CJK_FONT=1 they run, and fail, without a font.
 */
export const skipWithoutCjk = !cjkPresent && !cjkRequired;
export const cjkSkipReason = "(skipped when no CJK font is installed and INTERLUDE_REQUIRE_CJK_FONT is not 1)";
