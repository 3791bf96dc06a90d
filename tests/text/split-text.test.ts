/**
 * Splitting long text for platform limits.
 */
import { describe, expect, it } from "vitest";
import { splitText } from "../../src/text/split-text.js";

describe("splitText", () => {
  it("keeps short text whole and splits on line breaks first", () => {
    expect(splitText("short", 10)).toEqual(["short"]);
    expect(splitText("aaaaaa\nbbb cccc", 10)).toEqual(["aaaaaa", "bbb cccc"]);
  });

  it("never splits inside a surrogate pair", () => {
    const text = "😀".repeat(3000); // 6000 UTF-16 units, no spaces or line breaks
    const parts = splitText(text, 4096);
    expect(parts.join("")).toBe(text);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(4096);
      expect(part.codePointAt(part.length - 1)).not.toBe(0xd83d);
    }
  });
});
