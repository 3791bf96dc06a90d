/**
 * Folds free text into the forms the risk-language screen matches against. A reader sees
 * "ｓｕｉｃｉｄｅ" (full-width, perhaps with a zero-width space inside), "$u1c1de", "s.u.i.c.i.d.e" and
 * "suіcide" (with a Cyrillic і) as the same word; a plain string search does not. Every step below
 * removes one way that text can look like a risk phrase to a person while not looking like it to a
 * computer. The phrases go through this same function, so whatever it does to a message it also
 * does to every phrase, and the two always meet.
 *
 * Pure: no I/O, and the same text always gives the same forms. It runs on every message, so it works
 * on character codes in a few passes; the slower Unicode look-ups happen only for characters outside
 * ASCII and the common Chinese blocks, and are remembered per character.
 */

import { foldLetter, isCommonHan, Kind, kindOf, leetspeakCodes } from "./characters.js";

export interface ScreenForms {
  /**
   * Lower-case words of letters separated by single spaces, with repeated letters collapsed
   * ("killlll" -> "kil"). Chinese, written without spaces, is cut from the words around it: a run of
   * Chinese characters is one word ("kms我想" -> "kms 我想"). Three or more single letters in a row are
   * joined into one word ("k m s" -> "kms").
   */
  words: string;
  /** The words with the spaces removed and repeated letters collapsed again across the joins. */
  compact: string;
}

const TokenKind = {
  /** Has at least one letter; its leetspeak is already read as letters. */
  word: 1,
  han: 2,
  /** Only digits and symbols: a number, unless it stands among spread-out letters. */
  leetspeakOnly: 3,
  dropped: 4,
} as const;

/**
 * Working memory for one call: the folded letters, the tokens cut from them (start, end, kind) and
 * the two forms being written. Allocating these per message cost more than all the folding, so one
 * set is kept and reused: the function is synchronous, so calls never overlap, and every result is
 * copied out into fresh strings. Texts too long for it get a set of their own.
 */
class Buffers {
  readonly letters: Uint16Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly kinds: Uint8Array;
  readonly words: Uint16Array;
  readonly compact: Uint16Array;

  constructor(readonly capacity: number) {
    // A folded character is at most two code units per code unit of input ("ß" -> "ss"), and the
    // words form adds at most one space per token.
    this.letters = new Uint16Array(capacity * 2 + 2);
    this.starts = new Int32Array(capacity + 1);
    this.ends = new Int32Array(capacity + 1);
    this.kinds = new Uint8Array(capacity + 1);
    this.words = new Uint16Array(capacity * 3 + 3);
    this.compact = new Uint16Array(capacity * 2 + 2);
  }
}

const keptCapacity = 8192;
let keptBuffers: Buffers | undefined;

function buffersFor(length: number): Buffers {
  if (length > keptCapacity) return new Buffers(length);
  keptBuffers ??= new Buffers(keptCapacity);
  return keptBuffers;
}

/**
 * Pass 1: lower-cases, folds and drops characters, and cuts the text into words and single Chinese
 * characters. In a word with letters, digits and symbols are read as letters ("k1ll", "$uicide").
 * Returns the number of tokens.
 */
function tokenise(text: string, buffers: Buffers): number {
  const { letters, starts, ends, kinds } = buffers;
  let length = 0;
  let count = 0;
  let start = -1;
  let hasLetter = false;
  let hasLeetspeak = false;

  const endWord = () => {
    if (start < 0) return;
    if (hasLetter && hasLeetspeak) {
      for (let at = start; at < length; at++) {
        const code = letters[at] ?? 0;
        if (code < 0x80 && leetspeakCodes[code]) letters[at] = leetspeakCodes[code] ?? code;
      }
    }
    starts[count] = start;
    ends[count] = length;
    kinds[count++] = hasLetter ? TokenKind.word : TokenKind.leetspeakOnly;
    start = -1;
    hasLetter = false;
    hasLeetspeak = false;
  };
  const addHan = (first: number, second?: number) => {
    endWord();
    starts[count] = length;
    letters[length++] = first;
    if (second !== undefined) letters[length++] = second;
    ends[count] = length;
    kinds[count++] = TokenKind.han;
  };

  for (let index = 0; index < text.length; index++) {
    let code = text.charCodeAt(index);
    if (code >= 0x41 && code <= 0x5a) code += 0x20;
    if (code >= 0x61 && code <= 0x7a) {
      if (start < 0) start = length;
      letters[length++] = code;
      hasLetter = true;
      continue;
    }
    if (isCommonHan(code)) {
      addHan(code);
      continue;
    }
    const next = text.charCodeAt(index + 1);
    const astral = code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
    const char = astral ? text.slice(index, index + 2) : String.fromCharCode(code);
    const point = astral ? (text.codePointAt(index) ?? code) : code;
    if (astral) index++;
    const kind = kindOf(point, char);
    if (kind === Kind.letter) {
      if (start < 0) start = length;
      const folded = foldLetter(point, char);
      for (let at = 0; at < folded.length; at++) letters[length++] = folded.charCodeAt(at);
      hasLetter = true;
    } else if (kind === Kind.leetspeak) {
      if (start < 0) start = length;
      letters[length++] = code;
      hasLeetspeak = true;
    } else if (kind === Kind.han) {
      addHan(char.charCodeAt(0), astral ? next : undefined);
    } else if (kind === Kind.separator) {
      endWord();
    }
    // Kind.skipped: dropped, and the word around it goes on.
  }
  endWord();
  return count;
}

function tokenLength(buffers: Buffers, token: number): number {
  return (buffers.ends[token] ?? 0) - (buffers.starts[token] ?? 0);
}

function isSingleLetter(buffers: Buffers, token: number): boolean {
  return buffers.kinds[token] === TokenKind.word && tokenLength(buffers, token) === 1;
}

/**
 * Pass 2: a lone digit or symbol is a letter only beside a spread-out single letter ("k 1 l l").
 * Beside Chinese it stays as written: Chinese chat writes 4 (sì) for 死 (sǐ), as in "想4". Otherwise
 * it is a number or punctuation ("15 pills", "$5") and is dropped.
 */
function readLoneLeetspeak(buffers: Buffers, count: number): void {
  const { letters, starts, kinds } = buffers;
  const asLetters: number[] = [];
  for (let token = 0; token < count; token++) {
    if (kinds[token] !== TokenKind.leetspeakOnly) continue;
    const lone = tokenLength(buffers, token) === 1;
    // The buffers are reused, so nothing past the last token of this text may be read.
    const hasNext = token + 1 < count;
    if (lone && (isSingleLetter(buffers, token - 1) || (hasNext && isSingleLetter(buffers, token + 1)))) {
      asLetters.push(token);
    } else if (kinds[token - 1] !== TokenKind.han && !(hasNext && kinds[token + 1] === TokenKind.han)) {
      kinds[token] = TokenKind.dropped;
    }
  }
  for (const token of asLetters) {
    const at = starts[token] ?? 0;
    letters[at] = leetspeakCodes[letters[at] ?? 0] ?? 0;
    kinds[token] = TokenKind.word;
  }
}

/** Spread-out letters are joined once at least this many single letters stand in a row. */
const minSpreadLetters = 3;
const space = 0x20;

/** The number of single letters in a row from `token` on, skipping dropped tokens. */
function spreadRunLength(buffers: Buffers, token: number, count: number): number {
  let letters = 0;
  for (let at = token; at < count; at++) {
    if (buffers.kinds[at] === TokenKind.dropped) continue;
    if (!isSingleLetter(buffers, at)) break;
    letters++;
  }
  return letters;
}

/**
 * Pass 3: writes the words (single letters in a run of spread-out ones joined: "s.u.i.c.i.d.e" ->
 * "suicide"; Chinese characters next to each other joined) and the compact form, collapsing runs of
 * the same letter in both ("killlll" -> "kil").
 */
function writeForms(buffers: Buffers, count: number): ScreenForms {
  const { letters, starts, ends, kinds, words, compact } = buffers;
  let wordsLength = 0;
  let compactLength = 0;
  /** Single letters still to be joined to the word being written. */
  let spreadLettersLeft = 0;
  let previousKind = 0;
  for (let token = 0; token < count; token++) {
    const kind = kinds[token] ?? TokenKind.dropped;
    if (kind === TokenKind.dropped) continue;
    const continuesChinese = kind === TokenKind.han && previousKind === TokenKind.han;
    previousKind = kind;
    if (spreadLettersLeft > 0) {
      spreadLettersLeft--;
    } else if (!continuesChinese) {
      if (wordsLength > 0) words[wordsLength++] = space;
      if (isSingleLetter(buffers, token)) {
        const run = spreadRunLength(buffers, token, count);
        if (run >= minSpreadLetters) spreadLettersLeft = run - 1;
      }
    }
    const end = ends[token] ?? 0;
    for (let at = starts[token] ?? 0; at < end; at++) {
      const code = letters[at] ?? 0;
      if (wordsLength === 0 || words[wordsLength - 1] !== code) words[wordsLength++] = code;
      if (compactLength === 0 || compact[compactLength - 1] !== code) compact[compactLength++] = code;
    }
  }
  return { words: decode(words, wordsLength), compact: decode(compact, compactLength) };
}

/** Decodes code units straight from memory where that is UTF-16LE (nearly everywhere). */
const utf16Decoder = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? new TextDecoder("utf-16le") : undefined;

function decode(codes: Uint16Array, length: number): string {
  if (utf16Decoder) return utf16Decoder.decode(codes.subarray(0, length));
  let text = "";
  // fromCharCode takes its codes as arguments, so apply it to chunks.
  for (let at = 0; at < length; at += 8192) {
    text += Reflect.apply(String.fromCharCode, undefined, codes.subarray(at, Math.min(length, at + 8192)));
  }
  return text;
}

/** Anything beyond printable ASCII and ordinary whitespace may need Unicode normalisation. */
const beyondPlainAscii = /[^\t\n\r -~]/;

const rightToLeftOverride = "\u202E";
/** Where a right-to-left override stops: pop directional formatting or isolate, or a line break. */
const overrideEnd = /[\u202C\u2069\n\r\u2029]/;

/**
 * The text in the order a reader sees it, if it uses a right-to-left override; else undefined.
 * U+202E displays the characters after it backwards, so "\u202Eedicius" reads as "suicide" on
 * screen while the stored text says "edicius". Screening this form as well catches that.
 */
export function asDisplayed(text: string): string | undefined {
  if (!text.includes(rightToLeftOverride)) return undefined;
  let displayed = "";
  let rest = text;
  for (let at = rest.indexOf(rightToLeftOverride); at >= 0; at = rest.indexOf(rightToLeftOverride)) {
    const after = rest.slice(at + 1);
    const end = after.search(overrideEnd);
    const reversed = end < 0 ? after : after.slice(0, end);
    displayed += `${rest.slice(0, at)} ${Array.from(reversed).reverse().join("")} `;
    rest = end < 0 ? "" : after.slice(end);
  }
  return displayed + rest;
}

/** Folds `text` into the forms the risk-language screen compares; see ScreenForms. */
export function normaliseForScreening(text: string): ScreenForms {
  // NFKC: full-width letters, ligatures, mathematical bold/italic, circled and superscript letters,
  // Kangxi radicals and compatibility ideographs become their ordinary character. NFD then splits off
  // accents as combining marks, which tokenise drops. Plain ASCII has nothing to normalise.
  const prepared = beyondPlainAscii.test(text) ? text.normalize("NFKC").normalize("NFD") : text;
  const buffers = buffersFor(prepared.length);
  const count = tokenise(prepared, buffers);
  readLoneLeetspeak(buffers, count);
  return writeForms(buffers, count);
}
