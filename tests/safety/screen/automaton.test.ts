/**
 * The automaton that reads every pattern in one pass (src/safety/screen/automaton.ts) gives exactly
 * the answer of the slow reference, every pattern walked from every token (RiskScreen.matchByWalking):
 * on small lexicons built to hit its edge cases, and on the shipped lexicons with corpus sentences
 * and seeded random messages assembled from the lexicons' own words, exclusions and near misses.
 */
import { describe, expect, it } from "vitest";
import { type Locale, locales } from "../../../src/i18n/locales.js";
import { readYaml } from "../../../src/prompts/load.js";
import { seededRandom } from "../../../src/random.js";
import { lexiconDir, loadCorpus, loadShippedScreen } from "../../../src/safety/screen/corpus-files.js";
import { type LexiconFile, lexiconFileSchema } from "../../../src/safety/screen/lexicon-schema.js";
import { choiceOf, type Element, parsePattern } from "../../../src/safety/screen/pattern.js";
import { ruleOf } from "../../../src/safety/screen/screen.js";
import { screenOf } from "./build.js";

const lexiconOnly = { model: false };

describe("on small lexicons", () => {
  const screen = screenOf({
    en: {
      sets: { self: ["i", "im", "me"], act: ["kill myself", "end it all", "die"], soon: ["tonight", "soon"] },
      categories: {
        active_ideation: ["@self ~3 want* to @act"],
        plan_preparation: ["amber ~2 birch ~1 cedar", "note ~8 @soon"],
        means_pills: ["pill* ~2 *tabs"],
      },
      exclusions: [{ pattern: "want to die laughing" }, { pattern: "xenon ~2 yarrow" }],
    },
    zh: { categories: { active_ideation: ["想 ~2 自杀|轻生"] }, exclusions: [{ pattern: "轻生活" }] },
  });
  const same = (text: string) => {
    const fast = screen.screen(text, lexiconOnly);
    const slow = screen.matchByWalking(text);
    expect(fast && ruleOf(fast)).toEqual(slow && ruleOf(slow));
    return fast && ruleOf(fast);
  };

  it("gaps: up to N tokens pass, N + 1 do not", () => {
    expect(same("i really really really want to die")).toBe("en:active_ideation:0");
    expect(same("i really really really truly want to die")).toBeUndefined();
    expect(same("note one two three four five six seven eight tonight")).toBe("en:plan_preparation:1");
    expect(same("note one two three four five six seven eight nine tonight")).toBeUndefined();
  });

  it("a step reached again keeps every skip the earlier arrival allowed", () => {
    // The first "amber" is too far from "birch"; the second is close enough, and its path matches.
    expect(same("amber moss moss moss amber moss birch cedar")).toBe("en:plan_preparation:0");
    // Both are in reach of "birch"; "cedar" must follow within one token of it.
    expect(same("amber amber birch moss cedar")).toBe("en:plan_preparation:0");
    expect(same("amber amber birch moss moss cedar")).toBeUndefined();
  });

  it("set members of several words, and alternatives of several Chinese characters", () => {
    expect(same("im going to want to end it all")).toBe("en:active_ideation:0");
    expect(same("im going to want to end it")).toBeUndefined();
    expect(same("我好想轻生")).toBe("zh:active_ideation:0");
    expect(same("我想过自杀")).toBe("zh:active_ideation:0");
  });

  it("prefixes and suffixes", () => {
    expect(same("pills and two paracetamoltabs")).toBe("en:means_pills:0");
    expect(same("pill and tab")).toBeUndefined();
  });

  it("an exclusion blocks the words it matched, but a gap may still pass over them", () => {
    expect(same("i want to die laughing")).toBeUndefined();
    expect(same("i want to die laughing, i want to die")).toBe("en:active_ideation:0");
    // "xenon yarrow" is excluded; "amber ~2 birch ~1 cedar" may pass over its words, not read them.
    expect(same("amber xenon yarrow birch cedar")).toBe("en:plan_preparation:0");
    expect(same("amber birch xenon yarrow cedar")).toBeUndefined();
    expect(same("xenon amber yarrow birch cedar")).toBeUndefined();
    expect(same("我想轻生活")).toBeUndefined();
  });
});

/** Every lexicon file as its parsed entries, for building messages out of their own words. */
function lexiconElements(): Array<{ locale: Locale; patterns: Element[][] }> {
  return locales.map((locale) => {
    const problems: string[] = [];
    const lexicon: LexiconFile = lexiconFileSchema.parse(readYaml(`${lexiconDir}/${locale}.yaml`, locale, problems));
    const sets = new Map(
      Object.entries(lexicon.sets).map(([name, members]) => [
        name,
        choiceOf(members.map((member) => parsePattern(member, undefined))),
      ]),
    );
    const patterns = [
      ...Object.values(lexicon.categories).flatMap((list) => list ?? []),
      ...lexicon.exclusions.map((e) => e.pattern),
    ].map((pattern) => parsePattern(pattern, sets));
    return { locale, patterns };
  });
}

/** Words that would match `elements`, with random choices, gap fillers, inflections and slips. */
function wordsFor(elements: readonly Element[], random: () => number, filler: readonly string[]): string[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const out: string[] = [];
  for (const element of elements) {
    if (element.kind === "gap") {
      // Sometimes one too many, so near misses are tried as well as matches.
      const count = Math.floor(random() * (element.max + 2));
      for (let i = 0; i < count; i++) out.push(pick(filler));
    } else if (element.kind === "choice") {
      out.push(...wordsFor(pick(element.options), random, filler));
    } else {
      const { kind, text } = element.term;
      const word =
        kind === "exact" ? text : kind === "prefix" ? `${text}ing` : kind === "suffix" ? `x${text}` : `a${text}s`;
      if (random() < 0.08) continue; // a word left out
      out.push(word);
    }
  }
  return out;
}

describe("on the shipped lexicons", { timeout: 300_000 }, () => {
  const screen = loadShippedScreen();
  const agree = (texts: readonly string[]) => {
    const differ = texts.filter((text) => {
      const fast = screen.screen(text, lexiconOnly);
      const slow = screen.matchByWalking(text);
      return (fast && ruleOf(fast)) !== (slow && ruleOf(slow));
    });
    expect(differ).toEqual([]);
  };

  it("every development corpus sentence, and long notes made of them, get the reference's answer", () => {
    const sentences = locales.flatMap((locale) => {
      const corpus = loadCorpus(locale, "dev");
      return [...(corpus?.risk ?? []), ...(corpus?.everyday ?? [])].map((s) => s.text);
    });
    const notes: string[] = [];
    for (let at = 0; at + 12 <= sentences.length; at += 97) notes.push(sentences.slice(at, at + 12).join(" "));
    agree([...sentences.filter((_, at) => at % 4 === 0), ...notes]);
  });

  it("seeded random messages of the lexicons' own words get the reference's answer", () => {
    const random = seededRandom(20261204);
    const lexicons = lexiconElements();
    const filler = ["the", "and", "so", "then", "really", "och", "att", "的", "了", "也", "ok", "lol"];
    const messages: string[] = [];
    for (let i = 0; i < 600; i++) {
      const parts: string[] = [];
      const fragments = 1 + Math.floor(random() * 3);
      for (let f = 0; f < fragments; f++) {
        const { patterns } = lexicons[Math.floor(random() * lexicons.length)] as (typeof lexicons)[number];
        parts.push(...wordsFor(patterns[Math.floor(random() * patterns.length)] as Element[], random, filler));
        if (random() < 0.5) parts.push(filler[Math.floor(random() * filler.length)] as string);
      }
      messages.push(parts.join(" "));
    }
    agree(messages);
    // The messages exercise both sides: many match, and many hold an exclusion.
    expect(messages.filter((m) => screen.screen(m, lexiconOnly) !== undefined).length).toBeGreaterThan(200);
    expect(messages.filter((m) => screen.exclusionsIn(m).length > 0).length).toBeGreaterThan(50);
  });
});
