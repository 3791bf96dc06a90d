/**
 * The word-list review: every word of a standard word list of each language, screened on its own.
 * A word the screen flags alone is either a real risk word or an accident waiting to happen in an
 * everyday sentence ("kilometre" under kill*, 活动 under 不想活), so the flagged list is recorded in
 * tests/safety/wordlist/ and a test fails whenever it changes, to make a person look at the change.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Locale } from "../../i18n/locales.js";
import { projectRoot } from "../../project-root.js";
import type { RiskScreen } from "./screen.js";

/** The installed word lists (devDependencies): Hunspell's en and sv dictionaries, jieba's Chinese one. */
const sources: Record<Locale, { path: string; word: (line: string) => string }> = {
  // Hunspell .dic: a count on the first line, then "word/FLAGS" per line.
  en: { path: "node_modules/dictionary-en/index.dic", word: (line) => line.split("/")[0] ?? "" },
  sv: { path: "node_modules/dictionary-sv/index.dic", word: (line) => line.split("/")[0] ?? "" },
  // jieba: "word frequency part-of-speech" per line, Simplified and Traditional.
  zh: { path: "node_modules/jieba-js/dict/dict.txt.big", word: (line) => line.split(" ")[0] ?? "" },
};

export const wordlistReviewDir = join(projectRoot, "tests", "safety", "wordlist");

export function readWordList(locale: Locale): string[] {
  const { path, word } = sources[locale];
  const lines = readFileSync(join(projectRoot, path), "utf8").split("\n");
  const words = new Set<string>();
  for (const line of lines.slice(locale === "zh" ? 0 : 1)) {
    const entry = word(line.trim());
    if (entry !== "") words.add(entry);
  }
  return [...words];
}

/** "word<TAB>locale:category" for every word the screen flags alone, sorted. */
export function flaggedWords(screen: RiskScreen, words: readonly string[]): string[] {
  const lines: string[] = [];
  for (const word of words) {
    // The lexicons alone: this review is of their patterns (the risk model is measured on the corpus).
    const match = screen.screen(word, { model: false });
    if (match?.source === "lexicon") lines.push(`${word}\t${match.locale}:${match.category}`);
  }
  return lines.sort();
}
