/**
 * A client who shares only their overall score: the same answers as a detailed twin, flagged the same
 * way (flags work on every answer), but no format (chat, Markdown, HTML, JSON, charts) carries a
 * dimension's or an item's number for them; the twin's summary shows them, so each check can fail.
 */
import { describe, expect, it } from "vitest";
import { setClientScoreDetail } from "../../src/db/repos/sharing.js";
import { clients } from "../../src/db/schema.js";
import { buildClientChartSpec, buildOverviewChartSpec } from "../../src/insights/chart/spec.js";
import { clientChart, overviewChart } from "../../src/insights/charts.js";
import { clientBlock, summaryBlocks } from "../../src/insights/render/blocks.js";
import { renderChatParts } from "../../src/insights/render/chat.js";
import { renderHtml } from "../../src/insights/render/html.js";
import { summaryJson } from "../../src/insights/render/json.js";
import { renderMarkdown } from "../../src/insights/render/markdown.js";
import { summaryWords } from "../../src/insights/render/summary-text.js";
import { summariseWeek } from "../../src/insights/summarise.js";
import type { ClientWeek, WeeklySummary } from "../../src/insights/weekly-summary.js";
import { weekContaining, weekNamed } from "../../src/insights/weeks.js";
import { caseload } from "../helpers/caseload.js";
import { prompts } from "../helpers/harness.js";
import { day, recordCheckin } from "../helpers/history.js";
import { ratingScene, sessionEnd } from "../helpers/ratings.js";

const words = () => summaryWords(prompts(), "en", "Europe/Stockholm");
/** Every dimension's name in the therapist's language: a per-item number is always printed beside one. */
const dimensionNames = ["Safety", "Bond", "Goals", "Tasks", "The work"];
const dimensionKeys = ["safety", "bond", "goals", "tasks", "work", "item", "itemScore", "itemFrom", "itemTo"];

/** Two clients with the same answers: steady, then safety falls to 2 and 1 in W47 (weekly mean 1.5). */
function twins(): { summary: WeeklySummary; detailed: ClientWeek; overall: ClientWeek } {
  const c = caseload();
  const db = c.handle.db;
  const ids = [c.addClient("Birch-2"), c.addClient("Oak-7")];
  for (const id of ids) {
    for (let d = 0; d < 70; d += 7) recordCheckin(db, id, day("2026-09-10", d), [5, 5, 5, 5]);
    recordCheckin(db, id, day("2026-11-17", 0), [2, 5, 5, 5]);
    recordCheckin(db, id, day("2026-11-19", 0), [1, 5, 5, 5]);
  }
  setClientScoreDetail(db, ids[1] as number, "overall");
  const week = weekNamed("2026-W47", "Europe/Stockholm");
  if (!week) throw new Error("no week");
  const summary = summariseWeek(db, prompts(), c.therapistId, week, c.clock.now());
  if (!summary) throw new Error("no summary");
  const find = (alias: string) => summary.clients.find((cw) => cw.alias === alias) as ClientWeek;
  return { summary, detailed: find("Birch-2"), overall: find("Oak-7") };
}

/** One client's part of each text format (the summary as a whole holds both twins). */
function formats(summary: WeeklySummary, client: ClientWeek): Record<string, string> {
  const w = words();
  const only = { ...summary, clients: [client] };
  const blocks = { ...summaryBlocks(only, w), clients: [clientBlock(client, w, true)] };
  const json = summaryJson(only, w) as { clients: unknown[] };
  return {
    chat: renderChatParts(blocks, 4000).join("\n"),
    markdown: renderMarkdown(blocks),
    html: renderHtml(blocks, [], "en"),
    json: JSON.stringify(json.clients[0]),
    chart: JSON.stringify(buildClientChartSpec(clientChart(summary, client, w))),
  };
}

describe("a client who shares only the overall score", () => {
  it("is flagged as their detailed twin is: flags work on the full data", () => {
    const { detailed, overall } = twins();
    expect(overall.flags.map((f) => f.kind)).toEqual(detailed.flags.map((f) => f.kind));
    expect(overall.flags.map((f) => f.kind)).toEqual(expect.arrayContaining(["low", "drop"]));
    expect(detailed.flags.find((f) => f.kind === "low")?.numbers).toMatchObject({ dimension: "safety", itemScore: 1 });
    expect(overall.flags.find((f) => f.kind === "low")?.numbers).not.toHaveProperty("itemScore");
  });

  for (const format of ["chat", "markdown", "html", "json", "chart"] as const) {
    it(`${format}: no dimension and no per-item number for them, where the twin shows both`, () => {
      const { summary, detailed, overall } = twins();
      const twin = formats(summary, detailed)[format] as string;
      const theirs = formats(summary, overall)[format] as string;
      if (format === "json") {
        for (const key of dimensionKeys) expect(theirs).not.toContain(`"${key}"`);
        expect(twin).toContain('"safety"');
        expect(twin).toContain('"itemScore":1');
        expect(theirs).toContain('"overallTrend"');
      } else {
        for (const name of dimensionNames.slice(0, 4)) expect(theirs).not.toContain(name);
        expect(twin).toContain("Safety");
        expect(theirs).toContain("Overall");
      }
      if (format !== "chart") {
        // The week's mean for safety (2 and 1), and the lowest item, as the twin's summary gives them.
        expect(twin).toMatch(/Safety(\\)?: 1\.5|"safety":1\.5|Safety 1/);
        expect(theirs).not.toMatch(/1\.5|: 1\b/);
      }
    });
  }

  it("their chart draws the overall line alone; the overview leaves their panel's dimensions empty", () => {
    const { summary, overall } = twins();
    const w = words();
    const client = buildClientChartSpec(clientChart(summary, overall, w)) as { data: { values: { series: string }[] } };
    expect(new Set(client.data.values.map((v) => v.series))).toEqual(new Set(["Overall"]));
    const overview = buildOverviewChartSpec(overviewChart(summary, w)) as {
      data: { values: { series: string; panel: number; score: number | null }[] };
    };
    const panel = summary.clients.indexOf(overall);
    const theirs = overview.data.values.filter((v) => v.panel === panel);
    expect(theirs.filter((v) => v.series !== "Overall").every((v) => v.score === null)).toBe(true);
    expect(theirs.some((v) => v.series === "Overall" && v.score !== null)).toBe(true);
  });

  it("speaks of the overall score alone in every language's flag reasons", () => {
    const { summary, overall } = twins();
    for (const locale of ["en", "sv", "zh"] as const) {
      const w = summaryWords(prompts(), locale, "Europe/Stockholm");
      const text = clientBlock(overall, w, true).flags.map((f) => f.text);
      for (const d of ["safety", "bond", "goals", "tasks"] as const) {
        for (const line of text) expect(line).not.toContain(w.dimension(d));
      }
      expect(text.length).toBeGreaterThan(0);
    }
    expect(summary.clients).toHaveLength(2);
  });
});

describe("the therapist's rating beside an overall-only client", () => {
  it("compares the client's overall with the therapist's mean, in the line, the flag and JSON", () => {
    const scene = ratingScene();
    const { h, seeded, client, therapist, tick } = scene;
    h.handle.db.update(clients).set({ scoreDetail: "overall" }).run();
    h.clock.set(new Date(sessionEnd.getTime() + 10 * 60_000));
    h.engine.startCheckin(seeded.clientId);
    for (const answer of ["5", "5", "5", "5", "no"]) client.text(answer);
    client.text("skip");
    h.clock.set(new Date(sessionEnd.getTime() + 60 * 60_000));
    tick();
    for (const tap of ["2", "Skip", "4"]) therapist.pressLabel(tap);
    therapist.read();
    const week = weekContaining(h.clock.now(), "Europe/Stockholm");
    const summary = summariseWeek(h.handle.db, prompts(), seeded.therapistId, week, h.clock.now());
    if (!summary) throw new Error("no summary");
    const w = words();
    const block = clientBlock(summary.clients[0] as ClientWeek, w, true);
    expect(block.sides).toEqual(["Session 2026-01-08, client / you: Overall 5 / 3"]);
    const flag = block.flags.find((f) => f.kind === "disagreement")?.text;
    expect(flag).toContain("Overall 3 from you, 5 from the client's check-ins");
    for (const name of dimensionNames) expect(`${block.sides.join("")}${flag}`).not.toContain(name);
    const json = summaryJson(summary, w) as { clients: { sideBySide: unknown }[] };
    expect(json.clients[0]?.sideBySide).toEqual([
      { sessionAt: "2026-01-08T13:00:00.000Z", client: { overall: 5 }, therapist: { overall: 3 } },
    ]);
  });
});
