import { describe, expect, it } from "vitest";
import type { Locale } from "../../src/i18n/locales.js";
import { summaryBlocks } from "../../src/insights/render/blocks.js";
import { chatLimits, renderChatParts } from "../../src/insights/render/chat.js";
import { renderHtml } from "../../src/insights/render/html.js";
import { summaryJson } from "../../src/insights/render/json.js";
import { renderMarkdown } from "../../src/insights/render/markdown.js";
import { summaryWords } from "../../src/insights/render/summary-text.js";
import { caseload } from "../helpers/caseload.js";
import { prompts } from "../helpers/harness.js";
import { day, recordCheckin } from "../helpers/history.js";
import { mixedCaseload, w47Summary } from "./scene.js";

const words = (locale: Locale) => summaryWords(prompts(), locale, "Europe/Stockholm");

describe("the weekly summary in words", () => {
  const summary = w47Summary(mixedCaseload());

  for (const locale of ["en", "sv", "zh"] as const) {
    it(`reads in ${locale}`, () => {
      const parts = renderChatParts(summaryBlocks(summary, words(locale)), chatLimits.telegram);
      expect(parts).toHaveLength(1);
      expect(parts[0]).toMatchSnapshot();
    });
  }

  it("gives flagged clients their reasons and numbers, and calm clients one line (plus any note)", () => {
    const text = renderChatParts(summaryBlocks(summary, words("en")), chatLimits.telegram)[0] ?? "";
    expect(text).toContain("Weekly summary 2026-W47 (2026-11-16 – 2026-11-22)");
    expect(text).toContain("3 of 5 clients need attention · 3 of 5 check-ins answered (60%)");
    expect(text).toMatch(/▸ Ash-1 .*\n {4}⚠ Risk alert #1 \(open, 2026-11-20\)/);
    expect(text).toContain("Drop: overall 4.3 → 2.5, Bond 5 → 2 since the previous check-in");
    expect(text).toContain("Gone quiet: 4 check-ins in a row missed or unanswered, since 2026-11-09");
    expect(text).toContain("Top score on every question");
    expect(text).toMatch(
      /· Fir-6 · answered 1\/1 · latest overall 4\.3 \(2026-11-20\)\n {4}wrote \(2026-11-20\): “Thanks, this week went well\.”/,
    );
    // Risk is read first, whatever the alphabet says.
    expect(text.indexOf("Ash-1")).toBeLessThan(text.indexOf("Birch-2"));
    expect(text.indexOf("Birch-2")).toBeLessThan(text.indexOf("Cedar-3"));
    expect(text.indexOf("Elm-5")).toBeLessThan(text.indexOf("Fir-6"));
  });

  it("writes Swedish decimals with a comma", () => {
    const text = renderChatParts(summaryBlocks(summary, words("sv")), chatLimits.telegram)[0] ?? "";
    expect(text).toContain("Nedgång: totalt 4,3 → 2,5");
  });

  it("escapes what clients wrote in Markdown and HTML", () => {
    const md = renderMarkdown(summaryBlocks(summary, words("en")));
    expect(md).toContain("I felt \\*unheard\\* \\<b\\>bold\\</b\\> last time.");
    expect(md).toMatch(/^# Weekly summary 2026-W47/);
    const html = renderHtml(summaryBlocks(summary, words("en")), [], "en");
    expect(html).toContain("I felt *unheard* &#60;b&#62;bold&#60;/b&#62; last time.");
    expect(html).not.toContain("<b>bold");
    expect(html).not.toMatch(/<script|https?:\/\//);
  });

  it("gives JSON every flag with its numbers and reason", () => {
    const json = summaryJson(summary, words("en")) as {
      week: string;
      clients: { alias: string; flags: { kind: string; reason: string; numbers: object }[] }[];
    };
    expect(json.week).toBe("2026-W47");
    const birch = json.clients.find((c) => c.alias === "Birch-2");
    expect(birch?.flags.map((f) => f.kind)).toEqual(["low", "drop", "below_baseline"]);
    expect(birch?.flags[1]?.reason).toBe("Drop: overall 4.3 → 2.5, Bond 5 → 2 since the previous check-in");
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});

describe("splitting for the chat platforms", () => {
  function bigCaseload(clients: number) {
    const c = caseload();
    for (let n = 0; n < clients; n++) {
      const id = c.addClient(`Client-${String(n).padStart(3, "0")}`);
      for (let d = 0; d < 21; d += 3.5) recordCheckin(c.handle.db, id, day("2026-10-26", d), [4, 4, 4, 4]);
      // Every client ruptures, so every block is long.
      recordCheckin(c.handle.db, id, day("2026-11-18", 0), [2, 2, 2, 2], { note: "n".repeat(300) });
    }
    return w47Summary(c);
  }

  it("keeps every part under Discord's and Telegram's limits and never splits a client's block", () => {
    const summary = bigCaseload(40);
    for (const platform of ["discord", "telegram"] as const) {
      const parts = renderChatParts(summaryBlocks(summary, words("en")), chatLimits[platform]);
      expect(parts.length).toBeGreaterThan(1);
      for (const part of parts) expect(part.length).toBeLessThanOrEqual(platform === "discord" ? 2000 : 4096);
      for (let n = 0; n < 40; n++) {
        const alias = `Client-${String(n).padStart(3, "0")}`;
        const holding = parts.filter((p) => p.includes(alias));
        expect(holding, alias).toHaveLength(1);
      }
      expect(parts.join("\n\n")).toContain("Weekly summary 2026-W47");
    }
  });

  it("splits a single client's block only when it alone is over the limit", () => {
    const summary = bigCaseload(1);
    const parts = renderChatParts(summaryBlocks(summary, words("zh")), 300);
    expect(parts.length).toBeGreaterThan(2);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(300);
  });
});
