/**
 * The packed trie the term look-ups walk (src/safety/screen/trie.ts), against the plain reading of
 * what it promises: every stem a word starts with, ends with, or holds anywhere.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Trie } from "../../../src/safety/screen/trie.js";

/** Short words over a few letters (and one Chinese character), so stems and words overlap often. */
const letters = fc.constantFrom("a", "b", "c", "é", "死");
const word = fc.array(letters, { minLength: 0, maxLength: 6 }).map((chars) => chars.join(""));
const stems = fc.array(
  word.filter((stem) => stem.length > 0),
  { maxLength: 12 },
);

/** The places in `stemList` that hold exactly `part`. */
function idsOf(stemList: readonly string[], part: string): number[] {
  return stemList.flatMap((stem, id) => (stem === part ? [id] : []));
}

function expected(stemList: readonly string[], text: string, how: "start" | "end" | "inside"): number[] {
  const found: number[] = [];
  if (how === "inside") {
    // Trie order: by where the stem starts, then by its length.
    for (let start = 0; start < text.length; start++)
      for (let end = start + 1; end <= text.length; end++) found.push(...idsOf(stemList, text.slice(start, end)));
    return found;
  }
  for (let length = 1; length <= text.length; length++) {
    const part = how === "start" ? text.slice(0, length) : text.slice(text.length - length);
    found.push(...idsOf(stemList, part));
  }
  return found;
}

describe("Trie", () => {
  it("finds every stem a word starts with, ends with or holds, in walk order", () => {
    fc.assert(
      fc.property(stems, fc.array(word, { maxLength: 8 }), (stemList, texts) => {
        const forward = new Trie<number>();
        const backward = new Trie<number>();
        stemList.forEach((stem, id) => {
          forward.add(stem, false, id);
          backward.add(stem, true, id);
        });
        for (const text of texts) {
          for (const how of ["start", "inside"] as const) {
            const into: number[] = [];
            forward.collect(text, how, into);
            expect(into).toEqual(expected(stemList, text, how));
          }
          const into: number[] = [];
          backward.collect(text, "end", into);
          expect(into).toEqual(expected(stemList, text, "end"));
          const first = expected(stemList, text, "inside")[0];
          expect(forward.firstInside(text)).toBe(first);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("answers nothing when empty, and takes no stems once it has been read", () => {
    const trie = new Trie<string>();
    const into: string[] = [];
    trie.collect("anything", "inside", into);
    expect(into).toEqual([]);
    expect(trie.firstInside("anything")).toBeUndefined();
    expect(() => trie.add("late", false, "x")).toThrow("a trie cannot take stems once it has been read");
  });
});
