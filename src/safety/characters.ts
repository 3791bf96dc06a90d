/**
 * What each character is to the risk-language screen: a letter, Chinese, leetspeak, something to skip
 * (invisible or combining), or a word separator; and the Latin letters a look-alike or accented letter
 * stands for. Tables and small caches only; the tokeniser in `normalise.ts` uses them.
 */

/** What one character is to the screen. */
export const Kind = {
  /** Ends a word: spaces, punctuation, digits that are not leetspeak, emoji. */
  separator: 1,
  letter: 2,
  /** A digit or symbol written for a letter; whether it is one depends on its neighbours. */
  leetspeak: 3,
  /** A Chinese character: Chinese is written without spaces, so it ends any Latin word before it. */
  han: 4,
  /** Dropped without ending the word it is in; see `isSkipped`. */
  skipped: 5,
} as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

/**
 * Characters a reader never sees but that split a word for a computer: format characters (zero-width
 * space and joiners, word joiner, byte-order mark, soft hyphen, bidi embeddings, overrides and
 * isolates, tag characters) and the Hangul fillers. They are dropped, not turned into spaces, because
 * they sit inside words.
 */
const invisible = /^[\p{Cf}\u115F\u1160\u3164\uFFA0]$/u;

/**
 * Combining marks, split off by NFD: accents ("självmord" is also typed "sjalvmord") and
 * strike-through or "Zalgo" overlays. Dropping them leaves the base letter. Variation selectors and
 * the combining grapheme joiner, invisible too, are marks as well.
 */
const combiningMark = /^\p{M}$/u;

/**
 * Apostrophes are dropped rather than made spaces: "don't" and "dont" are the same word to a reader,
 * and people leave them out all the time.
 */
const apostrophes = new Set(["'", "`", "‘", "’", "ʼ"]);

function isSkipped(char: string): boolean {
  return invisible.test(char) || combiningMark.test(char) || apostrophes.has(char);
}

/**
 * Letters from other alphabets (and Latin letters without a decomposition) that look like, or are
 * commonly written for, a plain Latin letter. Each entry is the Latin replacement and the characters
 * it replaces. Capitals are listed separately where the capital and the small letter resemble
 * different Latin letters (Greek Η looks like H, η like n), so the map is applied before lower-casing.
 */
const lookalikeGroups: ReadonlyArray<readonly [latin: string, lookalikes: string]> = [
  ["a", "АаΑαɑᴀ"],
  ["b", "ВвЬьΒβʙ"],
  ["c", "Ссᴄ"],
  ["d", "ԀԁĐđÐðᴅ"],
  ["e", "ЕеΕεᴇ"],
  ["f", "ꜰ"],
  ["g", "ɡɢ"],
  ["h", "НнΗĦħʜ"],
  ["i", "ІіΙιıɩɪ"],
  ["j", "Јјȷᴊ"],
  ["k", "КкΚκᴋ"],
  ["l", "ӀӏŁłʟ"],
  ["m", "МмΜᴍ"],
  ["n", "пΝηɴ"],
  ["o", "ОоΟοØøᴏ"],
  ["p", "РрΡρᴘ"],
  ["q", "Ԛԛ"],
  ["r", "гʀ"],
  ["s", "Ѕѕꜱ"],
  ["t", "ТтΤτŦŧᴛ"],
  ["u", "μυᴜ"],
  ["v", "νᴠ"],
  ["w", "Ԝԝωᴡ"],
  ["x", "ХхΧχ"],
  ["y", "УуҮүΥγʏ"],
  ["z", "Ζᴢ"],
  ["ae", "Ææ"],
  ["oe", "Œœ"],
  ["ss", "ßẞ"],
];

const lookalikes = new Map<string, string>(
  lookalikeGroups.flatMap(([latin, chars]) => Array.from(chars, (char) => [char, latin] as const)),
);

/**
 * Digits and symbols written for letters. They are read as letters only in a word that has letters
 * ("k1ll", "$uicide") or beside spread-out single letters ("k 1 l l"), so "15 pills" keeps its number.
 */
export const leetspeak: Readonly<Record<string, string>> = {
  "0": "o",
  "1": "i",
  "3": "e",
  "4": "a",
  "5": "s",
  "7": "t",
  "@": "a",
  $: "s",
};
/** The same, by character code. */
export const leetspeakCodes = new Uint16Array(0x80);
for (const [symbol, letter] of Object.entries(leetspeak)) leetspeakCodes[symbol.charCodeAt(0)] = letter.charCodeAt(0);

const hanScript = /^\p{Script=Han}$/u;

/**
 * Emoji that stand for a means of harm (pills, a knife, blood, a knot, a gun, a coffin, a headstone,
 * a dagger, a skull and crossbones). "🔪🔪 tonight" or "吃掉💊💊" says with a picture what a word would,
 * so these are kept as tokens of their own, like a Chinese character, for the lexicon to use. Other
 * emoji (💀 is mostly "I'm dead laughing") stay separators.
 */
export const meaningfulEmoji: ReadonlySet<string> = new Set(["💊", "🔪", "🩸", "🪢", "🔫", "⚰", "🪦", "🗡", "☠"]);
const anyLetter = /^\p{L}$/u;

function classify(char: string): Kind {
  if (Object.hasOwn(leetspeak, char)) return Kind.leetspeak;
  if (isSkipped(char)) return Kind.skipped;
  if (lookalikes.has(char)) return Kind.letter;
  if (hanScript.test(char) || meaningfulEmoji.has(char)) return Kind.han;
  if (anyLetter.test(char)) return Kind.letter;
  return Kind.separator;
}

/** The common Chinese blocks: the bulk of Chinese text, recognised without a look-up. */
export function isCommonHan(code: number): boolean {
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf);
}

/** Kinds of the Basic Multilingual Plane, filled in the first time each character is seen (0 = not yet). */
const bmpKinds = new Uint8Array(0x10000);

export function kindOf(code: number, char: string): Kind {
  if (isCommonHan(code)) return Kind.han;
  if (code > 0xffff) return classify(char);
  const known = bmpKinds[code];
  if (known) return known as Kind;
  const kind = classify(char);
  bmpKinds[code] = kind;
  return kind;
}

/** A letter outside ASCII, as the letters it stands for: look-alikes mapped, then lower case. */
const foldedLetters = new Map<number, string>();
export function foldLetter(code: number, char: string): string {
  let folded = foldedLetters.get(code);
  if (folded === undefined) {
    folded = lookalikes.get(char) ?? char.toLowerCase();
    foldedLetters.set(code, folded);
  }
  return folded;
}
