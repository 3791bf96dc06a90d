/**
 * What each token of a message is, as the pattern automaton (automaton.ts) reads it: the ids of the
 * lexicon terms it passes ("kill*", "myself", "*tabletter", 死). A word passes few terms, so a token
 * is a short list of numbers however many sets and patterns use those terms.
 *
 * Each distinct word is looked up once per message: exact words in a map, prefixes and suffixes in
 * one walk of a trie each, infixes by a trie walk from every letter. A Chinese character is a word
 * like any other here, so a 4,096-character note costs one map look-up per character.
 */

import type { Term } from "./pattern.js";
import { Trie } from "./trie.js";

/**
 * The terms of one message's tokens, laid out flat: token `at` passes the terms
 * `terms[starts[at]] … terms[starts[at + 1] - 1]`.
 */
export interface TermRun {
  count: number;
  starts: Int32Array;
  terms: Int32Array;
}

/**
 * A word's terms are a plain array: a typed array costs far more to allocate, and every distinct word
 * of a message gets one (the lists are short and copied into the message's flat run at once).
 */
type TermIds = readonly number[];
const noTerms: TermIds = Object.freeze([]);

export class TermTable {
  private readonly ids = new Map<string, number>();
  private readonly exact = new Map<string, number>();
  private readonly prefixes = new Trie<number>();
  private readonly suffixes = new Trie<number>();
  private readonly infixes = new Trie<number>();
  /**
   * The terms a one-character word passes (Chinese characters are most of the tokens of a Chinese
   * note), filled as terms are added so a character costs two array reads, not a map look-up: its
   * code's place in `characterLists` plus one (0: it passes none). A plain array indexed by code
   * would be sparse, and V8 keeps a sparse array as a hash table, which is no faster than the map.
   */
  private readonly characterSlot = new Uint16Array(0x10000);
  private readonly characterLists: TermIds[] = [noTerms];

  /** Scratch for one message, grown as needed and reused: screening is synchronous. */
  private starts = new Int32Array(64);
  private terms = new Int32Array(256);

  /** How many terms there are (ids run from 0). */
  get size(): number {
    return this.ids.size;
  }

  /** The id of a term, the same for every pattern that uses it. */
  idOf(term: Term): number {
    const key = `${term.kind}:${term.text}`;
    let id = this.ids.get(key);
    if (id !== undefined) return id;
    id = this.ids.size;
    this.ids.set(key, id);
    if (term.kind === "exact") this.exact.set(term.text, id);
    else if (term.kind === "prefix") this.prefixes.add(term.text, false, id);
    else if (term.kind === "suffix") this.suffixes.add(term.text, true, id);
    else this.infixes.add(term.text, false, id);
    // A one-character word passes a term only if the term is that character, whatever its kind.
    if (term.text.length === 1) {
      const code = term.text.charCodeAt(0);
      const place = this.characterSlot[code] as number;
      if (place === 0) {
        if (this.characterLists.length > 0xffff) throw new Error("too many one-character terms");
        this.characterSlot[code] = this.characterLists.push([id]) - 1;
      } else {
        this.characterLists[place] = [...(this.characterLists[place] as TermIds), id];
      }
    }
    return id;
  }

  /** The terms every token of `words` passes. */
  scan(words: readonly string[]): TermRun {
    const count = words.length;
    if (this.starts.length < count + 1) this.starts = new Int32Array(2 * count + 1);
    const known = new Map<string, TermIds>();
    let size = 0;
    for (let at = 0; at < count; at++) {
      this.starts[at] = size;
      const word = words[at] as string;
      let ids =
        word.length === 1
          ? (this.characterLists[this.characterSlot[word.charCodeAt(0)] as number] as TermIds)
          : known.get(word);
      if (ids === undefined) {
        ids = this.termsOfWord(word);
        known.set(word, ids);
      }
      const length = ids.length;
      if (length === 0) continue;
      if (size + length > this.terms.length) {
        const grown = new Int32Array(Math.max(size + length, 2 * this.terms.length));
        grown.set(this.terms);
        this.terms = grown;
      }
      // A word passes one or two terms: copying them by hand beats TypedArray.set's set-up.
      for (let i = 0; i < length; i++) this.terms[size + i] = ids[i] as number;
      size += length;
    }
    this.starts[count] = size;
    return { count, starts: this.starts, terms: this.terms };
  }

  private termsOfWord(word: string): TermIds {
    const found: number[] = [];
    const exact = this.exact.get(word);
    if (exact !== undefined) found.push(exact);
    this.prefixes.collect(word, "start", found);
    this.suffixes.collect(word, "end", found);
    this.infixes.collect(word, "inside", found);
    if (found.length === 0) return noTerms;
    // A term is one kind of stem, so it is found once; only the same stem as prefix and infix repeats.
    return found.length === 1 ? found : [...new Set(found)];
  }
}
