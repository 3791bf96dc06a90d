/**
 * The pattern syntax of docs/safety/LEXICON.md, one rule at a time, through a screen that knows only
 * the pattern under test; and the problems a bad pattern is reported with.
 */
import { describe, expect, it } from "vitest";
import { LexiconProblems } from "../../../src/safety/screen/screen.js";
import { screenOf } from "./build.js";

const matches = (pattern: string, text: string, sets?: Record<string, string[]>) =>
  screenOf({ en: { ...(sets ? { sets } : {}), categories: { active_ideation: [pattern] } } }).screen(text) !==
  undefined;

describe("terms", () => {
  it("a plain word matches that whole word only", () => {
    expect(matches("die", "i want to die")).toBe(true);
    expect(matches("die", "diet coke")).toBe(false);
    expect(matches("die", "studies")).toBe(false);
  });

  it("word* matches words starting with it", () => {
    expect(matches("overdos*", "i overdosed last year")).toBe(true);
    expect(matches("overdos*", "an overdose")).toBe(true);
    expect(matches("overdos*", "my dose")).toBe(false);
  });

  it("*word matches words ending with it, *word* words containing it", () => {
    expect(matches("*tabletter", "sömntabletter")).toBe(true);
    expect(matches("*tabletter", "tabletterna")).toBe(false);
    expect(matches("*självmord*", "Jag har självmordstankar")).toBe(true);
    expect(matches("*självmord*", "förr i tiden: sjalvmordsforsok")).toBe(true);
  });

  it("is matched after the same folding as the message: case, accents, leetspeak, repeats, apostrophes", () => {
    expect(matches("i'm done", "IM DONEEEE")).toBe(true);
    expect(matches("suicid*", "$u1c1dal")).toBe(true);
    expect(matches("vill dö", "jag vill do")).toBe(true);
    expect(matches("kill myself", "k i l l  myself")).toBe(true);
  });
});

describe("sequences, gaps, sets and alternatives", () => {
  it("terms match consecutive words", () => {
    expect(matches("kill myself", "kill myself")).toBe(true);
    expect(matches("kill myself", "kill not myself")).toBe(false);
  });

  it("~N lets up to N other words stand between", () => {
    expect(matches("want to ~2 die", "want to just fucking die")).toBe(true);
    expect(matches("want to ~2 die", "want to die")).toBe(true);
    expect(matches("want to ~2 die", "want to go and then die")).toBe(false);
  });

  it("@set matches any member; members may be several words", () => {
    const sets = { pills: ["pills", "sleeping tablets", "paracetamol*"] };
    expect(matches("@pills ~2 ready", "the sleeping tablets are ready", sets)).toBe(true);
    expect(matches("@pills ~2 ready", "paracetamols ready", sets)).toBe(true);
    expect(matches("@pills ~2 ready", "the tablets are ready", sets)).toBe(false);
  });

  it("a|b matches either, each with its own wildcard", () => {
    expect(matches("want*|wanna die", "wanna die")).toBe(true);
    expect(matches("want*|wanna die", "wanted die")).toBe(true);
    expect(matches("want*|wanna die", "gonna die")).toBe(false);
  });

  it("backtracks: a gap or a choice that fits first is not the only one tried", () => {
    expect(matches("i ~3 die", "i i i die")).toBe(true);
    expect(matches("@x die", "to die", { x: ["want to", "to"] })).toBe(true);
  });

  it("plain multi-word patterns of six or more letters also match inside one run-together word", () => {
    expect(matches("kill myself", "ikillmyselftonight")).toBe(true);
    expect(matches("end it", "endit")).toBe(false); // five letters: too short to look for inside words
  });
});

describe("Chinese", () => {
  const zh = (pattern: string, text: string, sets?: Record<string, string[]>) =>
    screenOf({ zh: { ...(sets ? { sets } : {}), categories: { active_ideation: [pattern] } } }).screen(text) !==
    undefined;

  it("each character is a token; spaces in a pattern or a message change nothing", () => {
    expect(zh("想死", "我好想死")).toBe(true);
    expect(zh("想 死", "我好想死")).toBe(true);
    expect(zh("想死", "我 想 死")).toBe(true);
  });

  it("gaps count characters, and may be written without spaces", () => {
    expect(zh("想~2死", "我想去死")).toBe(true);
    expect(zh("想~2死", "我想要去死")).toBe(true);
    expect(zh("想~2死", "想吃火锅，饿死了")).toBe(false);
  });

  it("Traditional characters meet Simplified patterns", () => {
    expect(zh("自杀", "我想自殺")).toBe(true);
    expect(zh("遗书", "我寫好了遺書")).toBe(true);
  });

  it("a set member of several characters is a sequence", () => {
    expect(zh("吃了 ~3 @pills", "昨晚吃了一整瓶安眠药", { pills: ["安眠药", "药"] })).toBe(true);
  });

  it("著 as a particle meets 着: 活著 is 活着", () => {
    expect(zh("活着 ~2 没意思", "活著真沒意思")).toBe(true);
  });

  it("妳 (the feminine 'you' of Taiwan and Hong Kong) meets 你", () => {
    expect(zh("没有 我 你 会 更好", "沒有我妳會更好")).toBe(true);
  });

  it("emoji that stand for a means of harm are tokens; other emoji are not", () => {
    expect(zh("吃掉 ~2 💊", "今晚全部吃掉💊💊💊")).toBe(true);
    expect(zh("🔪 ~2 今晚", "🔪🔪 今晚")).toBe(true);
    expect(zh("想 死", "想😀死")).toBe(true);
  });

  it("a digit beside Chinese stays a token, so 想4 (4 for 死) can be listed", () => {
    expect(zh("想4", "真的好想4")).toBe(true);
    expect(zh("想4", "想买4个")).toBe(false);
  });
});

describe("bad patterns are reported with their place in the file", () => {
  const problemsOf = (pattern: string, sets?: Record<string, string[]>) => {
    try {
      screenOf({ en: { ...(sets ? { sets } : {}), categories: { plan_preparation: ["ok", pattern] } } });
      return [];
    } catch (error) {
      return (error as LexiconProblems).problems.map((p) => `${p.locale}: ${p.path}: ${p.message}`);
    }
  };

  it.each([
    ["@nosuch die", "names an unknown set @nosuch"],
    ["~2 die", "must start and end with a word, not a gap"],
    ["die ~2", "must start and end with a word, not a gap"],
    ["die ~0 now", "a gap ~N takes N from 1 to 8, not ~0"],
    ["die ~9 now", "a gap ~N takes N from 1 to 8, not ~9"],
    ["di*e", "can use * only at the start or end of a word (di*e)"],
    ["self-harm*", 'a wildcard applies to one word; "self-harm*" reads as 2'],
    ["死*", 'a Chinese character is one token: a wildcard means nothing on "死*"'],
    ["!!!", '"!!!" has no letters left after normalisation'],
    ["die|", "has an empty alternative in die|"],
    ["die|@x", "an alternative is a word, not a set or a gap (die|@x): put the words in one set"],
  ])("%s", (pattern, message) => {
    expect(problemsOf(pattern)).toEqual([`en: categories.plan_preparation.1: ${message}`]);
  });

  it("a set member may not name a set or hold a gap", () => {
    expect(problemsOf("@a", { a: ["@b"], b: ["x"] })).toEqual([
      "en: sets.a.0: a set member cannot name another set (@b)",
    ]);
    expect(problemsOf("@a", { a: ["x ~2 y"] })).toEqual(["en: sets.a.0: a set member cannot contain a gap"]);
  });

  it("collects every problem, not only the first", () => {
    expect(() =>
      screenOf({ en: { categories: { plan_preparation: ["@x", "~1 y"] } }, sv: { categories: { farewell: ["*"] } } }),
    ).toThrow(LexiconProblems);
    try {
      screenOf({ en: { categories: { plan_preparation: ["@x", "~1 y"] } }, sv: { categories: { farewell: ["a*b"] } } });
    } catch (error) {
      expect((error as LexiconProblems).problems).toHaveLength(3);
    }
  });
});
