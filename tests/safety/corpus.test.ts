/**
 * The screen against the labelled corpus (tests/safety/corpus/): every explicit disclosure of the
 * development corpus raises an alert, in every language and category; indirect recall and the
 * false-positive rate stay within the floors below; the held-out corpus, never used for tuning (it
 * confirmed whether the risk model is on, see src/safety/screen/train.ts), is measured and must
 * not fall under its own floors. The numbers are printed for the reviewer, and the
 * README's Clinical safety section quotes them (`npm run screen:report` prints them too).
 */
import { describe, expect, it } from "vitest";
import { locales } from "../../src/i18n/locales.js";
import { loadCorpus, loadShippedScreen } from "../../src/safety/screen/corpus-files.js";
import { evaluate, falsePositives, percent } from "../../src/safety/screen/evaluate.js";
import { riskCategories } from "../../src/safety/screen/lexicon-schema.js";

const screen = loadShippedScreen();

/**
 * Floors for what is not required to be perfect: regression guards a few points under what was
 * measured. Held out is the fourth set (written blind 2026-12-04), measured with lexicons
 * en4/sv4/zh4 and risk model v2: explicit 100 / 96.5 / 96.5 %, indirect 75.0 / 78.3 / 85.5 %,
 * false positives 5.6 / 10.0 / 2.8 %. The Swedish false-positive floor is above the third set's
 * (0.09): that is this set's measured rate (8 of 80), not a loosening for the same sentences. Raise
 * the floors as the screen improves and when a fresh held-out set replaces this one; never lower
 * them quietly.
 */
const floors = {
  dev: { indirect: 0.95, falsePositiveRate: 0.03 },
  heldout: {
    en: { explicit: 0.97, indirect: 0.7, falsePositiveRate: 0.09 },
    sv: { explicit: 0.93, indirect: 0.74, falsePositiveRate: 0.12 },
    zh: { explicit: 0.93, indirect: 0.8, falsePositiveRate: 0.06 },
  },
};

describe.each(locales)("%s corpus", (locale) => {
  const dev = loadCorpus(locale, "dev");
  const heldout = loadCorpus(locale, "heldout");

  it("has enough sentences: ≥ 250 risk and ≥ 120 everyday in development, every category", () => {
    expect(dev?.risk.length ?? 0).toBeGreaterThanOrEqual(250);
    expect(dev?.everyday.length ?? 0).toBeGreaterThanOrEqual(120);
    const categories = new Set(dev?.risk.map((r) => r.category));
    expect([...riskCategories].filter((c) => !categories.has(c))).toEqual([]);
  });

  it("development: every explicit disclosure raises an alert", () => {
    if (!dev) throw new Error(`no development corpus for ${locale}`);
    const evaluation = evaluate(screen, dev);
    const lines = [...evaluation.byCategory].map(
      ([category, t]) =>
        `  ${category.padEnd(22)} explicit ${percent(t.explicit).padEnd(18)} indirect ${percent(t.indirect)}`,
    );
    console.log(`${locale} development corpus, recall by category:\n${lines.join("\n")}`);
    expect(evaluation.missed.filter((s) => s.explicit).map((s) => `[${s.category}] ${s.text}`)).toEqual([]);
  });

  it("development: indirect recall and the false-positive rate within their floors", () => {
    if (!dev) throw new Error(`no development corpus for ${locale}`);
    const evaluation = evaluate(screen, dev);
    const fp = falsePositives(evaluation);
    console.log(`${locale} development: indirect ${percent(evaluation.indirect)}, false positives ${percent(fp)}`);
    expect(evaluation.indirect.caught / evaluation.indirect.total).toBeGreaterThanOrEqual(floors.dev.indirect);
    expect(fp.caught / fp.total).toBeLessThanOrEqual(floors.dev.falsePositiveRate);
  });

  it("held out: recall and false positives within their floors", () => {
    if (!heldout) throw new Error(`no held-out corpus for ${locale}`);
    const evaluation = evaluate(screen, heldout);
    const fp = falsePositives(evaluation);
    console.log(
      `${locale} held out: explicit ${percent(evaluation.explicit)}, indirect ${percent(evaluation.indirect)}, false positives ${percent(fp)}`,
    );
    const floor = floors.heldout[locale];
    expect(evaluation.explicit.caught / evaluation.explicit.total).toBeGreaterThanOrEqual(floor.explicit);
    expect(evaluation.indirect.caught / evaluation.indirect.total).toBeGreaterThanOrEqual(floor.indirect);
    expect(fp.caught / fp.total).toBeLessThanOrEqual(floor.falsePositiveRate);
  });
});
