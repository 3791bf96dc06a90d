/**
 * Free text is stored without control characters: C0 and C1 controls (escape sequences that recolour
 * or clear a terminal, NULs, bells, backspaces) are dropped, carriage returns become line breaks, and
 * line breaks and tabs stay. Everything else, including invisible format characters, is left alone.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { withoutControlCharacters } from "../../src/text/control-characters.js";

/** C0 controls other than tab and line feed, DEL, and C1 controls, by code point. */
function isStrippedControl(char: string): boolean {
  const code = char.codePointAt(0) as number;
  return (code <= 0x1f && char !== "\t" && char !== "\n") || (code >= 0x7f && code <= 0x9f);
}

describe("withoutControlCharacters", () => {
  it("drops C0 and C1 controls and DEL but keeps line breaks and tabs", () => {
    expect(withoutControlCharacters("a\u0000b\u0007c\u0008d\u001b[31me\u007ff\u0085g\u009bh")).toBe("abcd[31mefgh");
    expect(withoutControlCharacters("line one\nline\ttwo")).toBe("line one\nline\ttwo");
    expect(withoutControlCharacters("\u000bvertical\u000cfeed")).toBe("verticalfeed");
  });

  it("turns Windows and old Mac line ends into line breaks", () => {
    expect(withoutControlCharacters("one\r\ntwo\rthree")).toBe("one\ntwo\nthree");
  });

  it("leaves ordinary text, emoji and other scripts as they are", () => {
    const text = "Det var tungt 😔 但是有帮助 — «merci» \u200d";
    expect(withoutControlCharacters(text)).toBe(text);
  });

  it("never leaves a control character (other than line break and tab) in anything", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        const cleaned = withoutControlCharacters(text);
        expect([...cleaned].filter(isStrippedControl)).toEqual([]);
        // Only controls go: the other characters stay, in order.
        const kept = [...text.replace(/\r\n?/g, "\n")].filter((c) => !isStrippedControl(c)).join("");
        expect(cleaned).toBe(kept);
      }),
    );
  });
});
