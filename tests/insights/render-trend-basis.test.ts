/**
 * Every format says what each client's arrows and blocks are read over: the last four weeks, or the
 * client's last sessions (from when); and the legend explains per-session trends only when some
 * client's trend is per session.
 */
import { describe, expect, it } from "vitest";
import type { Locale } from "../../src/i18n/locales.js";
import { summaryBlocks } from "../../src/insights/render/blocks.js";
import { chatLimits, renderChatParts } from "../../src/insights/render/chat.js";
import { renderHtml } from "../../src/insights/render/html.js";
import { summaryJson } from "../../src/insights/render/json.js";
import { renderMarkdown } from "../../src/insights/render/markdown.js";
import { legendLine, summaryWords } from "../../src/insights/render/summary-text.js";
import type { MessageKey } from "../../src/prompts/message-keys.js";
import { caseload } from "../helpers/caseload.js";
import { prompts } from "../helpers/harness.js";
import { day, recordCheckin } from "../helpers/history.js";
import { mixedCaseload, w47Summary } from "./scene.js";
import { sessionsWithCheckins } from "./session-scene.js";

const words = (locale: Locale) => summaryWords(prompts(), locale, "Europe/Stockholm");
const t = (locale: Locale, key: MessageKey, values = {}) => prompts().messages.t(locale, key, values);

/** Oak-7 has four sessions and a drop in the last; Pine-8 has none and a low week. Both are flagged. */
function twoBases() {
  const c = caseload();
  const oak = c.addClient("Oak-7");
  sessionsWithCheckins(c, oak, { "2026-11-09": 4, "2026-11-12": 4, "2026-11-16": 5, "2026-11-19": 2 });
  const pine = c.addClient("Pine-8");
  for (const date of ["2026-10-26", "2026-11-02", "2026-11-09"])
    recordCheckin(c.handle.db, pine, day(date, 0), [4, 4, 4, 4]);
  recordCheckin(c.handle.db, pine, day("2026-11-16", 0), [4, 2, 4, 4]);
  return w47Summary(c);
}

describe("the trend's basis in every format", () => {
  const summary = twoBases();

  for (const locale of ["en", "sv", "zh"] as const) {
    it(`${locale}: names sessions for a client with sessions and weeks for one without`, () => {
      const w = words(locale);
      const sessions = t(locale, "summary.trend_basis_sessions", { count: 4, date: "2026-11-09" });
      const weeks = t(locale, "summary.trend_basis_weeks", { count: 4 });
      const blocks = summaryBlocks(summary, w);
      const block = (alias: string) => blocks.clients.find((b) => b.client.alias === alias) ?? expect.fail(alias);
      expect(block("Oak-7").dimensions.at(-1)).toBe(sessions);
      expect(block("Pine-8").dimensions.at(-1)).toBe(weeks);
      const legend = blocks.legend ?? expect.fail("no legend");
      expect(legend).toBe(legendLine(w, true));
      expect(legend.endsWith(t(locale, "summary.legend_sessions"))).toBe(true);

      for (const text of [
        renderChatParts(blocks, chatLimits.discord).join("\n"),
        renderMarkdown(blocks),
        renderHtml(blocks, [], locale),
      ]) {
        // Each client's basis sits in that client's block: Oak-7 comes first (its flags are more serious).
        const [oak, pine] = [text.indexOf("Oak-7"), text.indexOf("Pine-8")];
        expect(oak).toBeGreaterThanOrEqual(0);
        expect(text.indexOf(sessions)).toBeGreaterThan(oak);
        expect(text.indexOf(weeks)).toBeGreaterThan(Math.max(pine, text.indexOf(sessions)));
        expect(text.split(sessions)).toHaveLength(2);
        expect(text.split(weeks)).toHaveLength(2);
        expect(text).toContain(t(locale, "summary.legend_sessions"));
      }

      const json = summaryJson(summary, w) as {
        clients: { alias: string; trendBasis: string; trendSessions: string[]; trends: { bond: object } }[];
        legend: string;
      };
      const oak = json.clients.find((c) => c.alias === "Oak-7");
      expect(oak).toMatchObject({
        trendBasis: "sessions",
        trendSessions: ["2026-11-09", "2026-11-12", "2026-11-16", "2026-11-19"].map((d) => `${d}T13:00:00.000Z`),
        trends: { bond: { values: [4, 4, 5, 2], arrow: "↓", sparkline: "▆▆█▃" } },
      });
      expect(json.clients.find((c) => c.alias === "Pine-8")).toMatchObject({ trendBasis: "weeks", trendSessions: [] });
      expect(json.legend).toBe(legend);
    });
  }

  it("keeps the legend weekly when no client's trend is per session", () => {
    const calm = w47Summary(mixedCaseload());
    for (const locale of ["en", "sv", "zh"] as const) {
      const w = words(locale);
      expect(summaryBlocks(calm, w).legend).toBe(legendLine(w));
      expect((summaryJson(calm, w) as { legend: string }).legend).toBe(legendLine(w));
      expect(legendLine(w)).not.toContain(t(locale, "summary.legend_sessions"));
    }
  });
});
