/**
 * The summary's pictures against its words: the number printed beside each dimension is the weekly
 * mean the client chart and the overview draw for that week (not the latest check-in alone), the
 * overview's weeks are named by their Mondays in the therapist's own time zone, and the text the
 * charts draw is known to the caller (for the CLI's font notice).
 */
import { DateTime } from "luxon";
import type { TopLevelSpec } from "vega-lite";
import { describe, expect, it } from "vitest";
import { type Dimension, dimensions } from "../../src/insights/chart/chart-input.js";
import { buildClientChartSpec, buildOverviewChartSpec } from "../../src/insights/chart/spec.js";
import { clientChart, overviewChart, summaryChartTexts } from "../../src/insights/charts.js";
import { summaryBlocks } from "../../src/insights/render/blocks.js";
import { chatLimits, renderChatParts } from "../../src/insights/render/chat.js";
import { dimensionLines, summaryWords } from "../../src/insights/render/summary-text.js";
import { summariseWeek } from "../../src/insights/summarise.js";
import type { ClientWeek, WeeklySummary } from "../../src/insights/weekly-summary.js";
import { weekNamed } from "../../src/insights/weeks.js";
import { type Caseload, caseload } from "../helpers/caseload.js";
import { prompts } from "../helpers/harness.js";
import { day, recordCheckin } from "../helpers/history.js";

// biome-ignore lint/suspicious/noExplicitAny: the spec is read as plain JSON, the way Vega-Lite reads it
type Json = any;
const json = (spec: TopLevelSpec): Json => JSON.parse(JSON.stringify(spec));

function summarise(c: Caseload, zone: string): WeeklySummary {
  const week = weekNamed("2026-W47", zone) ?? expect.fail("no week");
  return summariseWeek(c.handle.db, prompts(), c.therapistId, week, c.clock.now()) ?? expect.fail("no summary");
}
const byAlias = (s: WeeklySummary, alias: string): ClientWeek =>
  s.clients.find((c) => c.alias === alias) ?? expect.fail(`${alias} missing`);

/**
 * Two clients who answered twice in W47 with very different scores, so the week's mean and the latest
 * check-in disagree; one of them skipped the tasks question both times that week.
 */
function twiceInOneWeek(zone = "Europe/Stockholm") {
  const c = caseload({ timezone: zone });
  const db = c.handle.db;
  const twice = c.addClient("Twice");
  const skipped = c.addClient("Skipped");
  for (const id of [twice, skipped]) {
    for (let d = 0; d < 21; d += 7) recordCheckin(db, id, day("2026-10-26", d), [4, 4, 4, 4]);
  }
  recordCheckin(db, twice, day("2026-11-17", 0), [5, 4, 4, 3]);
  recordCheckin(db, twice, day("2026-11-19", 0), [2, 3, 3, 2]);
  recordCheckin(db, skipped, day("2026-11-17", 0), [5, 5, 4, null]);
  recordCheckin(db, skipped, day("2026-11-19", 0), [2, 2, 3, null]);
  return summarise(c, zone);
}

/** The value printed on a dimension's line ("Safety: 3.5 ↓ ▆▆▆▅" → "3.5"; Chinese uses "："). */
function printedValue(lines: string[], name: string): string {
  const line = lines.find((l) => l.startsWith(`${name}: `) || l.startsWith(`${name}：`));
  if (!line) return expect.fail(`no line for ${name}`);
  return line
    .slice(name.length)
    .replace(/^(: |：)/, "")
    .split(" ")[0] as string;
}

describe("the numbers beside each dimension and the charts", () => {
  const summary = twiceInOneWeek();

  for (const locale of ["en", "sv", "zh"] as const) {
    it(`${locale}: the printed values are the client chart's and the overview's points for the named week`, () => {
      const w = summaryWords(prompts(), locale, "Europe/Stockholm");
      const overviewRows: Json[] = json(buildOverviewChartSpec(overviewChart(summary, w))).data.values;
      summary.clients.forEach((client, panel) => {
        const latestWeek = client.latestWeek ?? expect.fail(`${client.alias} has no latest week`);
        const lines = dimensionLines(client, w);
        expect(lines[0]).toBe(w.t("summary.weekly_mean_heading", { date: latestWeek.weekStart }));
        const clientRows: Json[] = json(buildClientChartSpec(clientChart(summary, client, w))).data.values;
        // The named week is the chart's latest week with any score.
        const scored = clientRows.filter((r) => r.score !== null).map((r) => r.week as string);
        expect(scored.sort().at(-1)).toBe(latestWeek.weekStart);
        for (const d of dimensions) {
          const name = w.dimension(d);
          const inChart = (rows: Json[]) =>
            rows.find((r) => r.week === latestWeek.weekStart && r.series === name)?.score ?? null;
          const drawn = inChart(clientRows);
          expect(inChart(overviewRows.filter((r) => r.panel === panel))).toBe(drawn);
          expect(printedValue(lines, name), `${client.alias} ${d}`).toBe(drawn === null ? "–" : w.number(drawn));
        }
      });
    });
  }

  it("prints the week's mean, not the latest check-in, and a gap where a question went unanswered", () => {
    const w = summaryWords(prompts(), "en", "Europe/Stockholm");
    const values = (alias: string) =>
      Object.fromEntries(
        dimensions.map((d) => [d, printedValue(dimensionLines(byAlias(summary, alias), w), w.dimension(d))]),
      );
    // Latest check-in 2, 3, 3, 2; the week's two check-ins average 3.5, 3.5, 3.5, 2.5, as drawn.
    expect(values("Twice")).toEqual({ safety: "3.5", bond: "3.5", goals: "3.5", tasks: "2.5" } satisfies Record<
      Dimension,
      string
    >);
    expect(byAlias(summary, "Twice").latest?.dimensions).toEqual({ safety: 2, bond: 3, goals: 3, tasks: 2 });
    expect(values("Skipped")).toEqual({ safety: "3.5", bond: "3.5", goals: "3.5", tasks: "–" });
    const text = renderChatParts(summaryBlocks(summary, w), chatLimits.telegram).join("\n");
    expect(text).toContain("Weekly means, week of 2026-11-16:\n    Safety: 3.5 ↓");
  });
});

describe("the overview's dated weeks", () => {
  // Auckland is 13 hours ahead in November: its Monday midnight is still Sunday in UTC, so a week named
  // from UTC would be labelled with the Sunday before.
  const zone = "Pacific/Auckland";
  const summary = twiceInOneWeek(zone);

  it("names each week by its Monday in the therapist's zone", () => {
    const names = overviewChart(summary, summaryWords(prompts(), "en", zone)).labels.weekNames;
    const mondays = summary.chartWeeks.map((week) => week.mondayDate);
    expect(Object.keys(names)).toEqual(mondays);
    for (const week of summary.chartWeeks) {
      expect(DateTime.fromJSDate(week.start, { zone }).toISODate()).toBe(week.mondayDate);
      expect(DateTime.fromISO(week.mondayDate).weekday).toBe(1);
    }
    expect(summary.chartWeeks.at(-1)?.start.toISOString().slice(0, 10)).toBe("2026-11-15");
    expect(names["2026-11-16"]).toBe("Nov 16");
  });

  it("writes the week names the reader's way", () => {
    const last = (locale: "sv" | "zh") =>
      overviewChart(summary, summaryWords(prompts(), locale, zone)).labels.weekNames["2026-11-16"];
    expect(last("sv")).toBe("16 nov.");
    expect(last("zh")).toBe("11月16日");
  });

  it("puts dated ticks under every panel, the summary's own week among them", () => {
    const spec = json(buildOverviewChartSpec(overviewChart(summary, summaryWords(prompts(), "en", zone))));
    const axis = spec.spec.encoding.x.axis;
    expect(axis.labels).not.toBe(false);
    // Every fourth week, counted back from the week the summary covers.
    expect(axis.values).toEqual(["2026-09-21", "2026-10-19", "2026-11-16"]);
    expect(axis.labelExpr).toContain("weekNames[datum.value]");
    expect(spec.params.find((p: Json) => p.name === "weekNames").value["2026-11-16"]).toBe("Nov 16");
  });
});

describe("the text the charts draw", () => {
  it("is every label, week name and alias, so the CLI can tell whether Chinese glyphs are needed", () => {
    const summary = twiceInOneWeek();
    const texts = summaryChartTexts(summary, summaryWords(prompts(), "zh", "Europe/Stockholm"));
    expect(texts).toContain("所有来访者：最近 12 周");
    expect(texts).toContain("11月16日");
    expect(texts).toEqual(expect.arrayContaining(["Twice", "Skipped", "安全感"]));
  });

  it("is nothing when there are no clients, since no chart is drawn", () => {
    const empty = summarise(caseload(), "Europe/Stockholm");
    expect(summaryChartTexts(empty, summaryWords(prompts(), "zh", "Europe/Stockholm"))).toEqual([]);
  });
});
