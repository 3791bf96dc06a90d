/**
 * normaliseForScreening: every way of disguising a word that a reader sees through folds to the same
 * words and compact forms, and ordinary numbers and punctuation do not turn into letters.
 */
import { describe, expect, it } from "vitest";
import { normaliseForScreening } from "../../src/safety/normalise.js";

const words = (text: string) => normaliseForScreening(text).words;
const compact = (text: string) => normaliseForScreening(text).compact;

describe("normaliseForScreening", () => {
  it("lower-cases, collapses repeated letters and turns punctuation into single spaces", () => {
    expect(normaliseForScreening("I want to KILLLL myself!!!  Really...")).toEqual({
      words: "i want to kil myself realy",
      compact: "iwantokilmyselfrealy",
    });
  });

  it("maps full-width letters and punctuation to ordinary ones", () => {
    expect(normaliseForScreening("ｋｉｌｌ　ｍｙｓｅｌｆ！")).toEqual({ words: "kil myself", compact: "kilmyself" });
  });

  it("maps mathematical, small-capital and ligature letters", () => {
    expect(words("𝐬𝐮𝐢𝐜𝐢𝐝𝐞")).toBe("suicide");
    expect(words("ꜱᴜɪᴄɪᴅᴇ")).toBe("suicide");
    expect(words("ﬁnal")).toBe("final");
  });

  it("strips diacritics and overlays, so Swedish letters fold to their base letter", () => {
    expect(words("SJÄLVMORD")).toBe("sjalvmord");
    expect(words("Självmordstankar")).toBe("sjalvmordstankar");
    expect(words("s\u0336u\u0336i\u0336c\u0336i\u0336d\u0336e\u0336")).toBe("suicide");
    expect(words("Straße, Øre, ĸ")).toBe("strase ore ĸ");
  });

  it.each([
    ["zero-width space", "\u200B"],
    ["zero-width non-joiner", "\u200C"],
    ["zero-width joiner", "\u200D"],
    ["word joiner", "\u2060"],
    ["byte-order mark", "\uFEFF"],
    ["soft hyphen", "\u00AD"],
    ["left-to-right embedding", "\u202A"],
    ["right-to-left override", "\u202E"],
    ["pop directional formatting", "\u202C"],
    ["first-strong isolate", "\u2068"],
    ["pop directional isolate", "\u2069"],
    ["variation selector", "\uFE0F"],
    ["combining grapheme joiner", "\u034F"],
  ])("drops a %s inside a word", (_name, invisible) => {
    expect(words(`sui${invisible}cide`)).toBe("suicide");
    expect(compact(`想${invisible}死`)).toBe("想死");
  });

  it("maps Cyrillic and Greek look-alike letters to Latin", () => {
    expect(words("su\u0456cide")).toBe("suicide"); // Cyrillic і
    expect(words("\u0455u\u0456\u0441\u0456d\u0435")).toBe("suicide"); // Cyrillic ѕ і с і е
    expect(words("kill mys\u0435lf")).toBe("kil myself"); // Cyrillic е
    expect(words("\u039A\u0399LL")).toBe("kil"); // Greek Κ Ι
    expect(words("\u0440\u0456\u0456\u0440\u0430")).toBe("pipa"); // р і і р а: repeated і collapses to one
  });

  it("reads leetspeak digits and symbols inside words", () => {
    expect(words("k1ll mys3lf")).toBe("kil myself");
    expect(words("$uicide")).toBe("suicide");
    expect(words("5u1c1d3")).toBe("suicide");
    expect(words("@ll my p1ll$")).toBe("al my pils");
    expect(words("7ired 0f living")).toBe("tired of living");
  });

  it("keeps numbers and prices out of the words", () => {
    expect(words("I took 15 pills in 2024")).toBe("i tok pils in");
    expect(words("it cost $5, or 4 euros")).toBe("it cost or euros");
  });

  it("joins letters spread out by spaces or punctuation", () => {
    expect(words("s u i c i d e")).toBe("suicide");
    expect(words("s.u.i.c.i.d.e")).toBe("suicide");
    expect(words("k-m-s")).toBe("kms");
    expect(words("k i l l  m y s e l f")).toBe("kilmyself");
    expect(words("k 1 l l")).toBe("kil");
    expect(words("5 u i c i d e")).toBe("suicide");
  });

  it("leaves one or two single letters alone", () => {
    expect(words("I am a b")).toBe("i am a b");
    expect(words("plan B")).toBe("plan b");
  });

  it("drops apostrophes instead of splitting the word", () => {
    expect(words("don't want to wake up")).toBe("dont want to wake up");
    expect(words("I don’t")).toBe("i dont");
  });

  it("sets Chinese apart from Latin words and ignores spaces and punctuation inside it", () => {
    expect(normaliseForScreening("我想kms")).toEqual({ words: "我想 kms", compact: "我想kms" });
    expect(compact("自 杀")).toBe("自杀");
    expect(compact("「想死」，真的。")).toBe("想死真的");
    expect(compact("我！想！死！")).toBe("我想死");
  });

  it("keeps traditional and simplified characters as they are", () => {
    expect(compact("自殺")).toBe("自殺");
    expect(compact("自杀")).toBe("自杀");
  });

  it("folds Kangxi radicals and compatibility ideographs to ordinary characters", () => {
    expect(compact("\u2F83杀")).toBe("自杀"); // KANGXI RADICAL SELF looks just like 自
    expect(compact("\uF900")).toBe("豈"); // CJK COMPATIBILITY IDEOGRAPH
  });

  it("gives empty forms for text with no letters", () => {
    expect(normaliseForScreening("")).toEqual({ words: "", compact: "" });
    expect(normaliseForScreening(" 123 !!! 😀 ")).toEqual({ words: "", compact: "" });
  });

  it("gives the same result for the same text every time (no state leaks between calls)", () => {
    const long = "ab ".repeat(5000);
    const first = normaliseForScreening("k1ll myself");
    normaliseForScreening(long);
    normaliseForScreening("自杀");
    expect(normaliseForScreening("k1ll myself")).toEqual(first);
    expect(words(long)).toBe(Array(5000).fill("ab").join(" "));
  });

  it("reads nothing left over from a longer earlier text: a final lone digit stays a digit", () => {
    // The earlier text leaves single letters in the reused buffers just past where this one ends.
    normaliseForScreening("想 4 a b c d e f");
    expect(words("真的想4")).toBe("真的想 4");
    normaliseForScreening("xy 4 a b c d e f");
    expect(words("xy 4")).toBe("xy");
  });

  it("keeps a digit written beside Chinese (4 for 死), and drops numbers elsewhere", () => {
    expect(words("好想4")).toBe("好想 4");
    expect(words("15 pills")).toBe("pils");
  });
});
