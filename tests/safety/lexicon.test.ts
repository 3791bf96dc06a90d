/**
 * The shipped lexicons (prompts/safety/lexicon/): they load; every pattern is live (a sentence made
 * of it raises an alert, so no exclusion swallows it); every exclusion matches its own example,
 * which then raises no alert, while the example next to a plain disclosure, before or after, still
 * does: an exclusion never hides a disclosure in the same message.
 */
import { describe, expect, it } from "vitest";
import { type Locale, locales } from "../../src/i18n/locales.js";
import { readYaml } from "../../src/prompts/load.js";
import { lexiconDir, loadShippedScreen } from "../../src/safety/screen/corpus-files.js";
import { type LexiconFile, lexiconFileSchema } from "../../src/safety/screen/lexicon-schema.js";
import { choiceOf, parsePattern, sampleOf } from "../../src/safety/screen/pattern.js";

const screen = loadShippedScreen();
// These tests are about the lexicons' own patterns; the risk model beside them is measured on the corpus.
const lexiconOnly = { model: false };
const lexicons = new Map<Locale, LexiconFile>(
  locales.map((locale) => {
    const problems: string[] = [];
    const raw = readYaml(`${lexiconDir}/${locale}.yaml`, locale, problems);
    return [locale, lexiconFileSchema.parse(raw)];
  }),
);

/** A plain disclosure in each language, for the exclusion tests. */
const disclosure: Record<Locale, string> = {
  en: "I want to kill myself",
  sv: "jag vill ta livet av mig",
  zh: "我想自杀",
};

describe.each(locales)("the %s lexicon", (locale) => {
  const lexicon = lexicons.get(locale) as LexiconFile;
  const sets = new Map(
    Object.entries(lexicon.sets).map(([name, members]) => [
      name,
      choiceOf(members.map((m) => parsePattern(m, undefined))),
    ]),
  );
  const patterns = Object.entries(lexicon.categories).flatMap(([category, list]) =>
    (list ?? []).map((pattern, index) => ({ category, index, pattern })),
  );

  it("has patterns in every category", () => {
    expect(Object.keys(lexicon.categories).length).toBeGreaterThanOrEqual(14);
  });

  it("every pattern is live: a sentence made of it raises an alert", () => {
    const dead = patterns.filter(({ pattern }) => {
      const sample = sampleOf(parsePattern(pattern, sets)).join(" ");
      return screen.screen(sample, lexiconOnly) === undefined;
    });
    expect(dead.map((d) => `${d.category}.${d.index}: ${d.pattern}`)).toEqual([]);
  });

  it.each(lexicon.exclusions.map((e, index) => [index, e.pattern, e.example] as const))(
    "exclusion %i (%s): matches its example, which passes, and hides no disclosure beside it",
    (index, _pattern, example) => {
      expect(screen.exclusionsIn(example)).toContainEqual({ locale, index });
      expect(screen.screen(example, lexiconOnly)).toBeUndefined();
      for (const other of locales) {
        expect(screen.screen(`${example} ${disclosure[other]}`, lexiconOnly)).toBeDefined();
        expect(screen.screen(`${disclosure[other]}. ${example}`, lexiconOnly)).toBeDefined();
      }
    },
  );
});
