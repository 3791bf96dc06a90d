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

/**
 * One string per character code of the Basic Multilingual Plane, made on first use: a Chinese note is
 * thousands of one-character tokens, and V8 shares the strings of only the first 256 codes, so
 * without this every character of every message would be a string allocated anew.
 */
const characterStrings: Array<string | undefined> = new Array(0x10000);

function characterString(code: number): string {
  let string = characterStrings[code];
  if (string === undefined) {
    string = String.fromCharCode(code);
    characterStrings[code] = string;
  }
  return string;
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
    for (let at = 0; at < word.length; at++) {
      const code = word.charCodeAt(at);
      const next = at + 1 < word.length ? word.charCodeAt(at + 1) : 0;
      if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        // A character beyond the Basic Multilingual Plane (CJK Extension B, most emoji): two code units.
        const pair = word.slice(at, at + 2);
        words.push(simplifiedAstral.get(pair) ?? pair);
        at++;
      } else {
        const folded = simplifiedCode[code] as number;
        words.push(characterString(folded === 0 ? code : folded));
      }
      han.push(true);
    }
  }
  return { words, han };
}
