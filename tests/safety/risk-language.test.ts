/**
 * The risk-language screen with the shipped phrase list: plain and disguised disclosures in English,
 * Swedish and Chinese match, everyday text does not, every listed phrase is live, and a match names
 * its list entry without carrying any text. False positives the list accepts on purpose are named as
 * such.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { type Locale, locales } from "../../src/i18n/locales.js";
import { type RiskPhrases, RiskScreen, riskPhrasesSchema } from "../../src/safety/risk-language.js";

const shipped: RiskPhrases = riskPhrasesSchema.parse(
  parseYaml(readFileSync(resolve(import.meta.dirname, "../../prompts/safety/risk-phrases.yaml"), "utf8")),
);
const screen = new RiskScreen(shipped);

/** The list entry a text matched, as written in the YAML, or undefined. */
function matchedPhrase(text: string): string | undefined {
  const match = screen.screen(text);
  return match && shipped.phrases[match.locale][match.phraseIndex];
}

/** A screen that knows only this one phrase, to prove the phrase itself matches. */
function screenOf(locale: Locale, phrase: string): RiskScreen {
  return new RiskScreen({ version: 1, phrases: { en: [], sv: [], zh: [], [locale]: [phrase] } });
}

const spreadOut = (phrase: string) => Array.from(phrase.replace(/\s+/g, "")).join(" ");

describe("plain disclosures", () => {
  it.each([
    "I want to kill myself",
    "honestly I've been thinking about suicide a lot",
    "I had suicidal thoughts again last night",
    "I don't want to live anymore",
    "everyone would be better off without me",
    "Sometimes I wish I was dead",
    "I cut myself again yesterday",
    "I've been self-harming since Friday",
    "I'm thinking of taking all my pills at once",
    "I just want to go to sleep and never wake up",
    "there's no point in living",
    "I want to end it all",
    "lol I'm going to kms",
    "thinking about how to unalive myself",
    "I overdosed last year and I'm scared it will happen again",
  ])("English: %s", (text) => {
    expect(matchedPhrase(text)).toBeDefined();
  });

  it.each([
    "Jag har självmordstankar igen",
    "Jag vill inte leva längre",
    "Ibland tänker jag på att ta livet av mig",
    "jag orkar inte leva",
    "Jag har skadat mig själv igen",
    "jag skar mig i armen igår",
    "Jag vill bara dö",
    "alla skulle ha det bättre utan mig",
    "Jag tänker på att ta alla mina tabletter",
    "känns som att jag inte vill finnas",
    "Jag känner att jag inte vill leva",
  ])("Swedish: %s", (text) => {
    expect(matchedPhrase(text)).toBeDefined();
  });

  it.each([
    "我最近一直想自杀",
    "我真的不想活了",
    "我觉得活不下去了",
    "昨晚又割腕了",
    "我有时候会伤害自己",
    "想跳楼的念头又来了",
    "我想結束生命",
    "最近常常想要自殘",
    "有時候覺得活著沒意思",
    "我不想醒來",
  ])("Chinese: %s", (text) => {
    expect(matchedPhrase(text)).toBeDefined();
  });

  it("checks every language whatever the client's language", () => {
    expect(screen.screen("I'm fine, men jag vill inte leva längre")?.locale).toBe("sv");
    expect(screen.screen("today was ok, 但是我想死")?.locale).toBe("zh");
    expect(screen.screen("jag mår bra, but I want to die")?.locale).toBe("en");
  });
});

describe("disguised disclosures", () => {
  it.each([
    ["full-width letters", "ｋｉｌｌ ｍｙｓｅｌｆ"],
    ["a zero-width space inside a word", "sui\u200Bcide"],
    ["a soft hyphen and a word joiner", "self\u00AD-ha\u2060rm"],
    ["a bidi override inside a word", "sui\u202Ecide\u202C"],
    ["text reversed by a right-to-left override", "I want to \u202Eflesym llik\u202C"],
    ["leetspeak digits", "k1ll mys3lf"],
    ["a dollar for an s", "$uicide"],
    ["spaces between letters", "s u i c i d e"],
    ["dots between letters", "s.u.i.c.i.d.e"],
    ["a short phrase spread out", "i will k m s"],
    ["leetspeak among spread-out letters", "k 1 l l  m y s e l f"],
    ["repeated letters", "killlll myselfff"],
    ["words run together", "iwanttokillmyself"],
    ["a Cyrillic і", "su\u0456cide"],
    ["Cyrillic е and о", "self h\u0430rm, \u043Everd\u043Ese"],
    ["upper case", "I WANT TO DIE"],
    ["combining strike-through", "s\u0336u\u0336i\u0336c\u0336i\u0336d\u0336e\u0336"],
    ["Swedish in capitals", "SJÄLVMORD"],
    ["Swedish without diacritics", "jag vill inte leva langre, sjalvmord"],
    ["a Swedish compound", "självmordstankar"],
    ["Swedish with no spaces", "jagvillintelevalängre"],
    ["Swedish spread out", "v i l l  d ö"],
    ["traditional Chinese", "我想自殺"],
    ["Chinese spaced out", "自 杀"],
    ["Chinese with a zero-width space", "想\u200B死"],
    ["Chinese with full-width punctuation around and inside", "「想！死」。"],
    ["a Kangxi radical standing in for a character", "\u2F83杀"],
  ])("%s: %s", (_how, text) => {
    expect(matchedPhrase(text)).toBeDefined();
  });

  it.each(["suicde", "sucide", "suiside", "sucidal", "suisidal", "sewerslide", "sjävmord", "ta livet a mig"])(
    "the listed misspelling %s matches, in a sentence",
    (misspelling) => {
      expect(matchedPhrase(`sometimes I think about ${misspelling} tbh`)).toBeDefined();
    },
  );
});

describe("everyday text", () => {
  it.each([
    "I killed it at work today",
    "my diet is going well",
    "I'm learning new skills",
    "she studies law",
    "the battery died",
    "This homework is killing me",
    "I could kill for a coffee",
    "We practised the breathing exercise and it helped",
    "det var livat på festen",
    "jag skar gurkan till salladen",
    "Jag dog nästan av skratt",
    "Vi ska hänga med kompisar i helgen",
    "Jag mår mycket bättre nu",
    "我今天很开心",
    "死线 deadline 快到了，压力很大",
    "这个电影笑死我了",
    "我想睡觉了，明天见",
    "I walked 3.5 km today",
  ])("does not match: %s", (text) => {
    expect(screen.screen(text)).toBeUndefined();
  });

  it.each([
    ["'want to die' inside 'want to diet'", "I want to diet before summer"],
    ["an accidental cut", "I cut myself shaving"],
    ["a sports injury", "I hurt myself at the gym"],
    ["kms as kilometres", "we drove 20 kms"],
    ["'想死你了' means 'I miss you so much'", "好久不见，想死你了"],
    ["紫砂 is also Yixing clay", "我买了一个紫砂壶"],
    ["a kitchen accident in Swedish", "jag skar mig på kniven när jag lagade mat"],
  ])("accepts this false positive: %s", (_why, text) => {
    expect(screen.screen(text)).toBeDefined();
  });
});

describe("a match", () => {
  it("names the entry that matched, by language and position, and carries no text", () => {
    const match = screen.screen("I want to kill myself");
    expect(match).toEqual({ locale: "en", phraseIndex: shipped.phrases.en.indexOf("kill myself") });
    expect(Object.keys(match ?? {}).sort()).toEqual(["locale", "phraseIndex"]);
  });

  it("is the first entry in list order when several match", () => {
    expect(matchedPhrase("Jag vill inte leva längre")).toBe("vill inte leva");
    expect(matchedPhrase("我不想活了")).toBe("不想活");
    expect(screen.screen("我不想活了")).toEqual({ locale: "zh", phraseIndex: shipped.phrases.zh.indexOf("不想活") });
  });

  it("does not share its object between calls", () => {
    const first = screen.screen("suicide");
    if (first) first.phraseIndex = 999;
    expect(screen.screen("suicide")?.phraseIndex).toBe(0);
  });

  it("reports the version of the phrase list", () => {
    expect(screen.version).toBe(shipped.version);
  });
});

describe("short Latin phrases", () => {
  it("match whole words only", () => {
    expect(matchedPhrase("i'm going to kms")).toBe("kms");
    expect(matchedPhrase("kms.")).toBe("kms");
    expect(screen.screen("ekmsa bkms kmsx")).toBeUndefined();
  });

  it("match when run into Chinese, which has no spaces", () => {
    expect(matchedPhrase("我想kms")).toBe("kms");
  });
});

describe("the shipped phrase list", () => {
  it("has each language", () => {
    for (const locale of locales) expect(shipped.phrases[locale].length).toBeGreaterThanOrEqual(40);
  });

  const entries = locales.flatMap((locale) => shipped.phrases[locale].map((phrase) => [locale, phrase] as const));

  it.each(entries)("%s %s matches itself, alone and in a sentence, in capitals and spread out", (locale, phrase) => {
    const own = screenOf(locale, phrase);
    expect(own.screen(phrase)).toEqual({ locale, phraseIndex: 0 });
    expect(own.screen(`Well... ${phrase}, you know.`)).toBeDefined();
    expect(own.screen(`说实话，${phrase}。`)).toBeDefined();
    expect(own.screen(phrase.toUpperCase())).toBeDefined();
    expect(own.screen(spreadOut(phrase))).toBeDefined();
    expect(screen.screen(phrase)).toBeDefined();
  });
});

describe("riskPhrasesSchema", () => {
  const valid = { version: 1, phrases: { en: ["kill myself"], sv: ["självmord"], zh: ["自杀"] } };
  const problems = (input: unknown) => {
    const parsed = riskPhrasesSchema.safeParse(input);
    return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  };

  it("accepts a small valid list and trims phrases", () => {
    expect(riskPhrasesSchema.parse({ ...valid, phrases: { ...valid.phrases, en: ["  kms "] } }).phrases.en).toEqual([
      "kms",
    ]);
  });

  it("rejects an empty list", () => {
    expect(problems({ ...valid, phrases: { ...valid.phrases, sv: [] } })).toEqual([
      "phrases.sv: must list at least one phrase",
    ]);
  });

  it("rejects a missing language", () => {
    const { zh: _zh, ...withoutChinese } = valid.phrases;
    expect(problems({ ...valid, phrases: withoutChinese })[0]).toMatch(/^phrases\.zh: /);
  });

  it("rejects an over-long phrase, an empty one and one with no letters", () => {
    expect(problems({ ...valid, phrases: { ...valid.phrases, en: ["x".repeat(81), "  ", "!!! 123"] } })).toEqual([
      "phrases.en.0: must be at most 80 characters",
      "phrases.en.1: must not be empty",
      "phrases.en.2: has no letters left after normalisation, so it would match every message",
    ]);
  });

  it("rejects unknown keys and languages", () => {
    expect(problems({ ...valid, extra: true })[0]).toMatch(/^: /);
    expect(problems({ ...valid, phrases: { ...valid.phrases, de: ["selbstmord"] } })[0]).toMatch(/^phrases: /);
  });
});
