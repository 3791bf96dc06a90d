/**
 * Typed answers where a button was expected: counted only when they clearly mean one option.
 */
import { describe, expect, it } from "vitest";
import { matchTypedAnswer, normalizeTyped } from "../../src/engine/answer-matching.js";
import { prompts } from "../helpers/harness.js";

const checkin = () => {
  const c = prompts().checkins.get("alliance-safety");
  if (!c) throw new Error("default check-in missing");
  return c;
};
const agree5 = () => checkin().scales.agree5 as NonNullable<ReturnType<typeof checkin>["scales"][string]>;
const yesNo = () => checkin().scales.yes_no as NonNullable<ReturnType<typeof checkin>["scales"][string]>;

describe("matchTypedAnswer on the 1-5 scale", () => {
  it.each([
    ["4", 4],
    [" 4 ", 4],
    ["4.", 4],
    ["٤", 4], // Arabic-Indic digit
    ["४", 4], // Devanagari digit
    ["４", 4], // full-width digit
    ["4\u200B", 4], // zero-width space
    ["\u202E4", 4], // bidi override
    ["4/5", 4],
    ["4 / 5", 4],
    ["4 of 5", 4],
    ["4 av 5", 4],
    ["mostly", 4],
    ["MOSTLY!", 4],
    ["not at all", 1],
    ["completely", 5],
    ["四", 4],
  ])("%j means %i", (typed, value) => {
    expect(matchTypedAnswer(typed, agree5())?.value).toBe(value);
  });

  it.each([["45"], ["0"], ["6"], ["4/7"], [""], ["   "], ["maybe"], ["4 or 5"], ["-4"], ["4.5"], ["\u0000"], ["🙂"]])(
    "%j is not an answer",
    (typed) => {
      expect(matchTypedAnswer(typed, agree5())).toBeUndefined();
    },
  );
});

describe("matchTypedAnswer on yes/no", () => {
  it.each([
    ["yes", 1],
    ["Yes", 1],
    ["y", 1],
    ["no", 0],
    ["nope", 0],
  ])("%j means %i", (typed, value) => {
    expect(matchTypedAnswer(typed, yesNo())?.value).toBe(value);
  });

  it("does not read a bare number as yes or no", () => {
    expect(matchTypedAnswer("1", yesNo())).toBeUndefined();
    expect(matchTypedAnswer("0", yesNo())).toBeUndefined();
  });

  it("accepts Swedish and Chinese answers whatever the client's language", () => {
    expect(matchTypedAnswer("ja", yesNo())?.value).toBe(1);
    expect(matchTypedAnswer("nej", yesNo())?.value).toBe(0);
    expect(matchTypedAnswer("是", yesNo())?.value).toBe(1);
    expect(matchTypedAnswer("否", yesNo())?.value).toBe(0);
  });
});

describe("normalizeTyped", () => {
  it("folds case, width, digits and invisible characters", () => {
    expect(normalizeTyped("  ＭＯＳＴＬＹ\u200D ")).toBe("mostly");
    expect(normalizeTyped("٣")).toBe("3");
  });
});
