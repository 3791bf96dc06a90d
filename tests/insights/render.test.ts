import { describe, expect, it } from "vitest";
import type { Locale } from "../../src/i18n/locales.js";
import { summaryBlocks } from "../../src/insights/render/blocks.js";
import { chatLimits, renderChatParts } from "../../src/insights/render/chat.js";
import { renderHtml } from "../../src/insights/render/html.js";
import { summaryJson } from "../../src/insights/render/json.js";
import { renderMarkdown } from "../../src/insights/render/markdown.js";
import { flagReason, legendLine, summaryWords } from "../../src/insights/render/summary-text.js";
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
    expect(text).toContain("Gone quiet: 3 check-ins in a row delivered but not answered, since 2026-11-12");
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
    expect(text).toContain("Nedgång: medelvärde 4,3 → 2,5");
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

describe("the legend for arrows and sparklines", () => {
  const summary = w47Summary(mixedCaseload());
  const count = (text: string, part: string) => text.split(part).length - 1;
  const native = {
    en: ["weekly mean", "–", "·", "▁ = 1", "4 weeks", "0.5"],
    sv: ["veckomedelvärde", "–", "·", "▁ = 1", "4 veckorna", "0,5"],
    zh: ["平均分", "–", "·", "▁ = 1", "4 周", "0.5"],
  } as const;

  for (const locale of ["en", "sv", "zh"] as const) {
    it(`${locale}: is written once in chat, Markdown, HTML and JSON, however many clients show trends`, () => {
      const w = words(locale);
      const legend = legendLine(w);
      for (const part of native[locale]) expect(legend).toContain(part);
      const blocks = summaryBlocks(summary, w);
      // Four detailed clients each show arrows and sparklines; the key to them comes once.
      expect(blocks.clients.filter((b) => b.dimensions.length > 0)).toHaveLength(4);
      for (const platform of ["telegram", "discord"] as const) {
        expect(count(renderChatParts(blocks, chatLimits[platform]).join("\n"), legend)).toBe(1);
      }
      expect(count(renderMarkdown(blocks), legend)).toBe(1);
      const html = renderHtml(blocks, [], locale);
      expect(count(html, 'class="legend"')).toBe(1);
      expect(html.indexOf('class="legend"')).toBeLessThan(html.indexOf("<footer>"));
      expect((summaryJson(summary, w) as { legend: string }).legend).toBe(legend);
    });
  }

  it("comes just before the closing lines, so the summary still opens with who needs attention", () => {
    const text = renderChatParts(summaryBlocks(summary, words("en")), chatLimits.telegram)[0] ?? "";
    const legend = legendLine(words("en"));
    expect(text.indexOf(legend)).toBeGreaterThan(text.lastIndexOf("Fir-6"));
    expect(text.indexOf(legend)).toBeLessThan(text.indexOf("These are Interlude's own questions"));
  });

  it("is left out when no client's trends are shown", () => {
    const calm = caseload();
    const id = calm.addClient("Calm");
    for (let d = 0; d < 28; d += 7) recordCheckin(calm.handle.db, id, day("2026-10-26", d), [4, 4, 4, 4]);
    const blocks = summaryBlocks(w47Summary(calm), words("en"));
    expect(blocks.legend).toBeUndefined();
    expect(renderChatParts(blocks, chatLimits.telegram).join("\n")).not.toContain("How to read the scores");
  });
});

describe("the risk flag in HTML", () => {
  const summary = w47Summary(mixedCaseload());

  for (const locale of ["en", "sv", "zh"] as const) {
    it(`${locale}: stands out from the other flags, with its own class and style`, () => {
      const html = renderHtml(summaryBlocks(summary, words(locale)), [], locale);
      const risk = flagReason(summary.clients[0]?.flags[0] ?? expect.fail("no flag"), words(locale));
      expect(summary.clients[0]?.flags[0]?.kind).toBe("risk");
      // Only Ash-1 has a risk alert: one framed section, one marked flag, and it is that flag.
      expect(html.match(/<section class="risk">/g)).toHaveLength(1);
      expect(html.match(/<li class="flag-risk">/g)).toHaveLength(1);
      expect(html).toContain(`<li class="flag-risk">${risk.replace("'", "&#39;")}</li>`);
      const riskSection = html.slice(html.indexOf('<section class="risk">'));
      expect(riskSection.slice(0, riskSection.indexOf("</section>"))).toContain("Ash-1");
      // Other flags (Birch-2's drop, Cedar-3's quiet) stay plain list items in plain sections.
      expect(html).toMatch(/<section>\n<h2>Birch-2[^<]*<\/h2>\n<ul class="flags"><li>/);
      const style = html.slice(html.indexOf("<style>"), html.indexOf("</style>"));
      expect(style).toMatch(/section\.risk\{[^}]*border[^}]*#b00020/);
      expect(style).toMatch(/li\.flag-risk\{[^}]*font-weight:700/);
    });
  }
});

describe("what every summary ends with", () => {
  const summary = w47Summary(mixedCaseload());
  const caveats = {
    en: ["Interlude's own questions, not a validated instrument", "No flag does not mean no rupture"],
    sv: [
      "Interludes egna, inte ett validerat instrument",
      "Ingen flagga betyder inte att det inte finns något alliansbrott",
    ],
    zh: ["不是经过验证的量表", "没有标记并不代表没有联盟破裂"],
  } as const;

  for (const locale of ["en", "sv", "zh"] as const) {
    it(`${locale}: chat, Markdown, HTML and JSON all close with the two caveats`, () => {
      const w = words(locale);
      const blocks = summaryBlocks(summary, w);
      const [first, second] = caveats[locale];
      const chat = renderChatParts(blocks, chatLimits.discord);
      const lastPart = chat.at(-1) ?? "";
      const lastLines = lastPart.split("\n").slice(-2);
      expect(lastLines[0]).toContain(first);
      expect(lastLines[1]).toContain(second);

      const md = renderMarkdown(blocks).trimEnd().split("\n");
      expect(md.at(-2)).toContain(first);
      expect(md.at(-1)).toContain(second);

      const html = renderHtml(blocks, [], locale);
      const footer = html.slice(html.lastIndexOf("<footer>"));
      expect(footer).toContain(first.replace("'", "&#39;"));
      expect(footer).toContain(second);
      expect(html.indexOf("<footer>")).toBeGreaterThan(html.lastIndexOf("</section>"));

      const json = summaryJson(summary, w) as { caveats: string[] };
      expect(json.caveats).toHaveLength(2);
      expect(json.caveats[0]).toContain(first);
      expect(json.caveats[1]).toContain(second);
    });
  }

  it("closes an empty caseload's summary and one client's /summary view too", () => {
    const empty = w47Summary(caseload());
    const parts = renderChatParts(summaryBlocks(empty, words("en")), chatLimits.telegram);
    expect(parts.at(-1)).toMatch(/No flag does not mean no rupture[^\n]*$/);
  });
});

describe("the wording of unrepaired and repaired", () => {
  const w = words("en");
  const since = day("2026-11-05", 0).toISOString();

  it("calls a lasting dip a rupture or a new level, worth asking about, never a settled fact", () => {
    const text = flagReason({ kind: "unrepaired", at: new Date(since), numbers: { since } }, w);
    expect(text).toBe("Below their earlier level since 2026-11-05: a rupture or a new settled level; worth asking");
    expect(words("sv").t("summary.flag_unrepaired", { date: "x" })).toContain("alliansbrott eller en ny stabil nivå");
    expect(words("zh").t("summary.flag_unrepaired", { date: "x" })).toContain("联盟破裂");
  });

  it("says 'back near their usual level' instead of 'repaired'", () => {
    const variants: Record<string, number | string>[] = [
      { overall: 4.5, since },
      { overall: 4.5, since, mean: 4.6 },
    ];
    for (const numbers of variants) {
      const text = flagReason({ kind: "repaired", at: new Date(since), numbers }, w);
      expect(text).toMatch(/^Back near their usual level: overall 4\.5/);
      expect(text).not.toMatch(/repaired/i);
    }
    for (const key of ["summary.flag_repaired", "summary.flag_repaired_mean"] as const) {
      expect(words("sv").t(key)).not.toMatch(/reparera/i);
      expect(words("zh").t(key)).not.toMatch(/修复/);
    }
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
