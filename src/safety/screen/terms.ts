/**
 * What each token of a message is, as the pattern automaton (automaton.ts) reads it: the ids of the
 * lexicon terms it passes ("kill*", "myself", "*tabletter", 死). A word passes few terms, so a token
 * is a short list of numbers however many sets and patterns use those terms.
 *
 * Each distinct word is looked up once per message: exact words in a map, prefixes and suffixes in
 * one walk of a trie each, infixes by a trie walk from every letter. A Chinese character is a word
 * like any other here, so a 4,096-character note costs one map look-up per character.
 */
import { Trie } from "./compiled.js";
import type { Term } from "./pattern.js";

/**
 * The terms of one message's tokens, laid out flat: token `at` passes the terms
 * `terms[starts[at]] … terms[starts[at + 1] - 1]`.
 */
export interface TermRun {
  count: number;
  starts: Int32Array;
  terms: Int32Array;
}

const noTerms = new Int32Array(0);

export class TermTable {
  private readonly ids = new Map<string, number>();
  private readonly exact = new Map<string, number>();
  private readonly prefixes = new Trie<number>();
  private readonly suffixes = new Trie<number>();
  private readonly infixes = new Trie<number>();
  /**
   * The terms a one-character word passes, by its code (Chinese characters are most of the tokens of
   * a Chinese note): filled as terms are added, so a character costs an array read, not a map look-up.
   */
  private readonly characterTerms: Array<Int32Array | undefined> = [];

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
      const known = this.characterTerms[code];
      this.characterTerms[code] = known ? Int32Array.of(...known, id) : Int32Array.of(id);
    }
    return id;
  }

  /** The terms every token of `words` passes. */
  scan(words: readonly string[]): TermRun {
    const count = words.length;
    if (this.starts.length < count + 1) this.starts = new Int32Array(2 * count + 1);
    const known = new Map<string, Int32Array>();
    let size = 0;
    for (let at = 0; at < count; at++) {
      this.starts[at] = size;
      const word = words[at] as string;
      let ids = word.length === 1 ? (this.characterTerms[word.charCodeAt(0)] ?? noTerms) : known.get(word);
      if (ids === undefined) {
        ids = this.termsOfWord(word);
        known.set(word, ids);
      }
      if (ids.length === 0) continue;
      if (size + ids.length > this.terms.length) {
        const grown = new Int32Array(Math.max(size + ids.length, 2 * this.terms.length));
        grown.set(this.terms);
        this.terms = grown;
      }
      this.terms.set(ids, size);
      size += ids.length;
    }
    this.starts[count] = size;
    return { count, starts: this.starts, terms: this.terms };
  }

  private termsOfWord(word: string): Int32Array {
    const found: number[] = [];
    const exact = this.exact.get(word);
    if (exact !== undefined) found.push(exact);
    this.prefixes.collect(word, "start", found);
    this.suffixes.collect(word, "end", found);
    this.infixes.collect(word, "inside", found);
    if (found.length === 0) return noTerms;
    // A term is one kind of stem, so it is found once; only the same stem as prefix and infix repeats.
    return new Int32Array(found.length === 1 ? found : [...new Set(found)]);
  }
}
