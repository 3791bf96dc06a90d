/**
 * The screen's own rules, on small inline lexicons: exclusions cover only their own words, every
 * language's lexicon applies to every message, displayed and stored text are both screened, and a
 * match names its entry without carrying any text.
 */
import { describe, expect, it } from "vitest";
import { ruleOf } from "../../../src/safety/screen/screen.js";
import { screenOf } from "./build.js";

const screen = screenOf({
  en: {
    sets: { self: ["i", "im", "me"], die: ["die", "dying", "dead"] },
    categories: { active_ideation: ["kill myself", "@self ~3 @die"], means_pills: ["pills"] },
    exclusions: [{ pattern: "dying to" }, { pattern: "killing it" }, { pattern: "im dead lol" }],
  },
  sv: {
    categories: { active_ideation: ["*självmord*", "vill dö"] },
    exclusions: [{ pattern: "*självmordsbomb*" }],
  },
  zh: {
    categories: { active_ideation: ["不想活", "想死"], means_jumping: ["跳楼"] },
    exclusions: [{ pattern: "活动" }, { pattern: "跳楼价" }],
  },
});

describe("exclusions", () => {
  it("hide the idiom", () => {
    expect(screen.screen("im dying to see it")).toBeUndefined();
    expect(screen.screen("im dead lol")).toBeUndefined();
    expect(screen.screen("我不想活动")).toBeUndefined();
    expect(screen.screen("今天跳楼价")).toBeUndefined();
  });

  it("never hide a disclosure elsewhere in the same message, before or after the idiom", () => {
    expect(screen.screen("im dying to see it but honestly i want to die")).toBeDefined();
    expect(screen.screen("i want to die. im dying to see it though")).toBeDefined();
    expect(screen.screen("我不想活动，我不想活了")).toBeDefined();
    expect(screen.screen("跳楼价，我真想跳楼")).toBeDefined();
  });

  it("cover only the words they matched: a window may not reuse a covered word, but may pass over it", () => {
    // "dying" belongs to the idiom, so "im … dying" is no disclosure; "i … dead" after it is.
    expect(screen.screen("im dying to go")).toBeUndefined();
    expect(screen.screen("im dying to go dead")).toBeDefined();
  });

  it("a Chinese substring accident hides only the overlapping match", () => {
    expect(screen.screen("活动")).toBeUndefined();
    expect(screen.screen("不想活")).toBeDefined();
  });

  it("an exclusion in one language applies to every message, like the patterns", () => {
    expect(screen.screen("I read about the självmordsbombare")).toBeUndefined();
    expect(screen.screen("I have självmordstankar")).toBeDefined();
  });
});

describe("every lexicon applies to every message", () => {
  it("mixed languages", () => {
    expect(screen.screen("honestly jag vill dö")).toMatchObject({ locale: "sv" });
    expect(screen.screen("i feel like 想死 tonight")).toMatchObject({ locale: "zh" });
    expect(screen.screen("我真的想 kill myself")).toMatchObject({ locale: "en" });
  });
});

describe("disguised text", () => {
  it("a right-to-left override is screened as displayed, too", () => {
    expect(screen.screen("\u202Eflesym llik")).toBeDefined();
  });

  it("full-width letters, zero-width spaces and look-alike letters", () => {
    expect(screen.screen("ｋｉｌｌ ｍｙｓｅｌｆ")).toBeDefined();
    expect(screen.screen("ki\u200Bll mys\u200Belf")).toBeDefined();
    expect(screen.screen("kіll myself")).toBeDefined(); // Cyrillic і
  });
});

describe("what a match says", () => {
  it("names the language, category and entry, and carries no text", () => {
    const match = screen.screen("please just let me die");
    expect(match).toEqual({ source: "lexicon", locale: "en", category: "active_ideation", index: 1 });
    expect(match && ruleOf(match)).toBe("en:active_ideation:1");
  });

  it("the version names every lexicon's version", () => {
    expect(screen.version).toBe("en1-sv1-zh1");
  });

  it("everyday text and empty text match nothing", () => {
    expect(screen.screen("")).toBeUndefined();
    expect(screen.screen("see you next week")).toBeUndefined();
    expect(screen.screen("🙂🙂🙂")).toBeUndefined();
  });
});
