import { describe, expect, it } from "vitest";
import { nameLikeAlias } from "../../src/admin/name-like-alias.js";

describe("nameLikeAlias", () => {
  it("catches two capitalised words, common given names (en, sv, pinyin) and Han names", () => {
    for (const alias of [
      "Anna Svensson",
      "Mary-Jane Watson",
      "Oak Tree",
      "anna",
      "Erik-2",
      "Björn",
      "Wei",
      "James 3",
      "王芳",
      "李小明",
    ]) {
      expect(nameLikeAlias(alias), alias).toBeDefined();
    }
    expect(nameLikeAlias("Anna Svensson")).toBe("it has two or more capitalised words");
    expect(nameLikeAlias("erik-2")).toBe("a word of it is a common first name");
  });

  it("lets pseudonyms through", () => {
    for (const alias of [
      "Oak-7",
      "T-Lind",
      "T-Berg",
      "Birch-12",
      "Willow-93",
      "Elm-1",
      "T1",
      "Client A",
      "橡树7",
      "A",
    ]) {
      expect(nameLikeAlias(alias), alias).toBeUndefined();
    }
  });
});
