/**
 * A message (or a pattern) as the sequence of tokens the risk screen matches: each Latin word one
 * token, each Chinese character one token, in the forms `normaliseForScreening` folds them into, with
 * Traditional Chinese characters folded to Simplified so one pattern serves both scripts.
 */
import traditionalToSimplified from "opencc-js/dict/TSCharacters";
import { normaliseForScreening } from "../normalise.js";

/**
 * OpenCC's character table: the Simplified form of each Traditional character that has one, by code
 * unit for the Basic Multilingual Plane (0 = unchanged) and in a map for the few beyond it.
 */
const simplifiedCode = new Uint16Array(0x10000);
const simplifiedAstral = new Map<string, string>();
// 著 is also a Simplified character (著名), so OpenCC keeps it; as the particle (活著, 睡著) it is 着.
// 妳 is the feminine "you" written in Taiwan and Hong Kong, which OpenCC leaves alone; the screen reads
// it as 你. Folding these always is safe because patterns are folded the same way.
const extraFolds: ReadonlyArray<readonly [string, string]> = [
  ["著", "着"],
  ["妳", "你"],
];
for (const pair of traditionalToSimplified.split("|")) {
  const [traditional = "", simplified = ""] = pair.split(" ");
  if (traditional.length === 1 && simplified.length === 1)
    simplifiedCode[traditional.charCodeAt(0)] = simplified.charCodeAt(0);
  else if (traditional !== "" && simplified !== "") simplifiedAstral.set(traditional, simplified);
}

for (const [from, to] of extraFolds) simplifiedCode[from.charCodeAt(0)] = to.charCodeAt(0);

function simplified(char: string): string {
  if (char.length === 1) {
    const code = simplifiedCode[char.charCodeAt(0)] ?? 0;
    return code === 0 ? char : String.fromCharCode(code);
  }
  return simplifiedAstral.get(char) ?? char;
}

/** A word the normaliser wrote from Chinese characters (and the emoji it keeps like them). */
const hanStart = /^(\p{Script=Han}|\p{Extended_Pictographic})/u;

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
      words.push(simplified(char));
      han.push(true);
    }
  }
  return { words, han };
}
