/**
 * A message (or a pattern) as the sequence of tokens the risk screen matches: each Latin word one
 * token, each Chinese character one token, in the forms `normaliseForScreening` folds them into, with
 * Traditional Chinese characters folded to Simplified so one pattern serves both scripts.
 */
import traditionalToSimplified from "opencc-js/dict/TSCharacters";
import { normaliseForScreening } from "../normalise.js";

/** OpenCC's character table: the Simplified form of each Traditional character that has one. */
const simplifiedOf: ReadonlyMap<string, string> = new Map(
  traditionalToSimplified.split("|").map((pair) => {
    const [traditional = "", simplified = ""] = pair.split(" ");
    return [traditional, simplified] as const;
  }),
);

const hanStart = /^\p{Script=Han}/u;

export interface Tokens {
  /** The tokens in order. */
  words: string[];
  /** Whether each token is a Chinese character. */
  han: boolean[];
}

/** The screen's tokens of `text`. */
export function tokenise(text: string): Tokens {
  const words: string[] = [];
  const han: boolean[] = [];
  const formed = normaliseForScreening(text).words;
  if (formed === "") return { words, han };
  for (const word of formed.split(" ")) {
    // The normaliser writes a run of Chinese as one word of its own; a Latin word has no Chinese.
    if (!hanStart.test(word)) {
      words.push(word);
      han.push(false);
      continue;
    }
    for (const char of word) {
      words.push(simplifiedOf.get(char) ?? char);
      han.push(true);
    }
  }
  return { words, han };
}
