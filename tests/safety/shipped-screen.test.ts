/**
 * The screen the app loads (prompts/safety/lexicon/), on hand-picked cases that the corpus does not
 * spell out: disguised disclosures (every trick the normaliser undoes), languages mixed in one
 * message, everyday text that must pass, and what a match carries. The corpus test measures recall;
 * this file pins the behaviour a reviewer would check by hand.
 */
import { describe, expect, it } from "vitest";
import { loadPrompts } from "../../src/safety/safety-prompts.js";
import { ruleOf } from "../../src/safety/screen/screen.js";

const screen = loadPrompts().riskScreen;
const alerts = (text: string) => screen.screen(text) !== undefined;

describe("plain disclosures in each language", () => {
  it.each([
    "I want to kill myself",
    "honestly I've been thinking about suicide a lot",
    "I don't want to live anymore",
    "everyone would be better off without me",
    "I cut myself again yesterday",
    "I have the tablets ready",
    "lol I'm going to kms",
    "Jag har självmordstankar igen",
    "jag har tabletterna redo",
    "jag vill ta livet av mig",
    "jag hänger mig ikväll",
    "我最近一直想自杀",
    "我真的不想活了",
    "昨晚又割腕了",
    "我想結束生命",
  ])("%s", (text) => {
    expect(alerts(text)).toBe(true);
  });

  it("checks every language whatever the client's language", () => {
    expect(alerts("I'm fine, men jag vill inte leva längre")).toBe(true);
    expect(alerts("today was ok, 但是我想死")).toBe(true);
    expect(alerts("jag mår bra, but I want to die")).toBe(true);
  });
});

describe("disguised disclosures", () => {
  it.each([
    ["full-width letters", "ｋｉｌｌ ｍｙｓｅｌｆ"],
    ["a zero-width space inside a word", "sui\u200Bcide"],
    ["a soft hyphen and a word joiner", "self\u00AD-ha\u2060rm"],
    ["text reversed by a right-to-left override", "I want to \u202Eflesym llik\u202C"],
    ["leetspeak digits", "k1ll mys3lf"],
    ["a dollar for an s", "$uicide"],
    ["spaces between letters", "s u i c i d e"],
    ["dots between letters", "s.u.i.c.i.d.e"],
    ["leetspeak among spread-out letters", "k 1 l l  m y s e l f"],
    ["repeated letters", "killlll myselfff"],
    ["words run together", "iwanttokillmyself"],
    ["a Cyrillic і", "su\u0456cide"],
    ["upper case", "I WANT TO DIE"],
    ["combining strike-through", "s\u0336u\u0336i\u0336c\u0336i\u0336d\u0336e\u0336"],
    ["Swedish in capitals", "SJÄLVMORD"],
    ["Swedish without diacritics", "jag vill inte leva langre, sjalvmord"],
    ["a Swedish compound", "självmordstankar"],
    ["traditional Chinese", "我想自殺"],
    ["Chinese spaced out", "自 杀"],
    ["Chinese with a zero-width space", "想\u200B死"],
    ["Chinese with full-width punctuation around and inside", "「想！死」。"],
    ["a Kangxi radical standing in for a character", "\u2F83杀"],
  ])("%s: %s", (_how, text) => {
    expect(alerts(text)).toBe(true);
  });
});

describe("everyday text", () => {
  it.each([
    "I killed it at work today",
    "my diet is going well",
    "I'm learning new skills",
    "the battery died",
    "This homework is killing me",
    "we drove 20 kilometres",
    "We practised the breathing exercise and it helped",
    "jag skrattade ihjäl mig",
    "jag är dödstrött idag",
    "Vi ska hänga med kompisar i helgen",
    "jag mår illa, illamående hela dagen",
    "en kyss på kinden",
    "今天累死了",
    "这个电影笑死我了",
    "周末不想活动，就在家躺着",
    "跳楼价大甩卖",
    "死线 deadline 快到了，压力很大",
  ])("does not alert: %s", (text) => {
    expect(alerts(text)).toBe(false);
  });

  it.each([
    ["'想死你了' means 'I miss you so much', but 想死 always alerts", "好久不见，想死你了"],
    ["a negated disclosure is still worth a check", "I'm not suicidal, just exhausted"],
  ])("accepts this false positive: %s", (_why, text) => {
    expect(alerts(text)).toBe(true);
  });
});

describe("a match", () => {
  it("names the language, category and entry, and carries no text", () => {
    const match = screen.screen("I want to kill myself");
    expect(Object.keys(match ?? {}).sort()).toEqual(["category", "index", "locale", "source"]);
    expect(match && ruleOf(match)).toMatch(/^en:[a-z_]+:\d+$/);
  });

  it("does not share its object between calls", () => {
    const first = screen.screen("suicide");
    if (first?.source === "lexicon") first.index = 999;
    expect(screen.screen("suicide")).not.toMatchObject({ index: 999 });
  });

  it("reports the version of every lexicon", () => {
    expect(screen.version).toMatch(/^en\d+-sv\d+-zh\d+$/);
  });
});
