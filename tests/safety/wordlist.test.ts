/**
 * The word-list review (src/safety/screen/wordlist.ts): the words of each language's standard word
 * list that the screen flags on their own must be exactly the reviewed list in
 * tests/safety/wordlist/<lang>.txt. A lexicon change that flags a new word, or stops flagging one,
 * fails here until a person has looked at it (`npm run screen:wordlist -- --lang xx`, then `--write`).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { locales } from "../../src/i18n/locales.js";
import { loadShippedScreen } from "../../src/safety/screen/corpus-files.js";
import { flaggedWords, readWordList, wordlistReviewDir } from "../../src/safety/screen/wordlist.js";

const screen = loadShippedScreen();

describe.each(locales)("%s word list", (locale) => {
  it("flags exactly the reviewed words", { timeout: 120_000 }, () => {
    const reviewed = readFileSync(join(wordlistReviewDir, `${locale}.txt`), "utf8")
      .split("\n")
      .filter((line) => line !== "");
    const flagged = flaggedWords(screen, readWordList(locale));
    const before = new Set(reviewed);
    const now = new Set(flagged);
    expect({
      newlyFlagged: flagged.filter((line) => !before.has(line)),
      noLongerFlagged: reviewed.filter((line) => !now.has(line)),
    }).toEqual({ newlyFlagged: [], noLongerFlagged: [] });
  });
});
