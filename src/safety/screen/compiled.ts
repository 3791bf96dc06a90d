/**
 * A lexicon's patterns compiled for matching, and the match itself: a walk over the message's
 * tokens with backtracking for gaps and choices. Patterns are short and only tried where their first
 * term fits a token (see CandidateIndex), so the walk stays cheap on long messages.
 */
import { type Element, passes, type Term } from "./pattern.js";

/** A compiled pattern: what it stands for, and its elements. */
export interface Compiled<Meta> {
  meta: Meta;
  elements: Element[];
  /** Position across everything indexed; the lowest wins when several match at one token. */
  order: number;
}

/**
 * Tries to match `elements` from token `at`; returns the index just after the last matched token, or
 * -1. `usable(index)` says whether a term may use that token (a token inside an exclusion may not;
 * a gap may still pass over it).
 */
export function matchAt(
  elements: readonly Element[],
  words: readonly string[],
  at: number,
  usable: (index: number) => boolean,
): number {
  return walk(elements, 0, words, at, usable, (end) => end);
}

const noOptions: Element[][] = [];
const none: never[] = [];

/** Returns the index after the last matched term, or -1. `then` continues after `elements`. */
function walk(
  elements: readonly Element[],
  index: number,
  words: readonly string[],
  at: number,
  usable: (index: number) => boolean,
  then: (end: number) => number,
): number {
  if (index === elements.length) return then(at);
  const element = elements[index] as Element;
  switch (element.kind) {
    case "term": {
      const word = words[at];
      if (word === undefined || !usable(at) || !passes(element.term, word)) return -1;
      return walk(elements, index + 1, words, at + 1, usable, then);
    }
    case "gap": {
      for (let skip = 0; skip <= element.max && at + skip <= words.length; skip++) {
        const end = walk(elements, index + 1, words, at + skip, usable, then);
        if (end >= 0) return end;
      }
      return -1;
    }
    case "choice": {
      const word = words[at];
      if (word === undefined) return -1;
      const mine = element.byFirstWord.get(word);
      if (!mine && element.others.length === 0) return -1;
      const next = (after: number) => walk(elements, index + 1, words, after, usable, then);
      for (const option of mine ?? noOptions) {
        const end = walk(option, 0, words, at, usable, next);
        if (end >= 0) return end;
      }
      for (const option of element.others) {
        const end = walk(option, 0, words, at, usable, next);
        if (end >= 0) return end;
      }
      return -1;
    }
  }
}

/**
 * Files compiled patterns under the terms they can start with, so that each token looks up only the
 * patterns that could start there: exact first terms by word, prefixes by their stem (looked up for
 * every stem length in use), and the few suffix and infix starts tested on every token. The order of
 * the candidates is fixed (exact, then prefixes by length, then the rest), so results are repeatable.
 */
export class CandidateIndex<Meta> {
  private readonly exact = new Map<string, Compiled<Meta>[]>();
  private readonly prefix = new Map<string, Compiled<Meta>[]>();
  private prefixLengths: number[] = [];
  private readonly scanned: Array<{ term: Term; pattern: Compiled<Meta> }> = [];

  add(pattern: Compiled<Meta>, starts: readonly Term[]): void {
    const seen = new Set<string>();
    for (const term of starts) {
      const key = termKey(term);
      if (seen.has(key)) continue;
      seen.add(key);
      if (term.kind === "exact") push(this.exact, term.text, pattern);
      else if (term.kind === "prefix") {
        push(this.prefix, term.text, pattern);
        if (!this.prefixLengths.includes(term.text.length)) {
          this.prefixLengths = [...this.prefixLengths, term.text.length].sort((a, b) => a - b);
        }
      } else {
        this.scanned.push({ term, pattern });
        // Shortest first: a term longer than the token cannot pass it, so the scan can stop there.
        this.scanned.sort((a, b) => a.term.text.length - b.term.text.length);
      }
    }
  }

  /** The patterns that could start at `word` (a shared array: do not change it). */
  candidates(word: string): readonly Compiled<Meta>[] {
    const exact = this.exact.get(word);
    let found: Compiled<Meta>[] | undefined;
    for (const length of this.prefixLengths) {
      if (length > word.length) break;
      const list = this.prefix.get(length === word.length ? word : word.slice(0, length));
      if (list) found = found ? found.concat(list) : exact ? exact.concat(list) : list;
    }
    for (const { term, pattern } of this.scanned) {
      if (term.text.length > word.length) break;
      if (!passes(term, word)) continue;
      found = found ? [...found, pattern] : exact ? [...exact, pattern] : [pattern];
    }
    return found ?? exact ?? none;
  }
}

export function termKey(term: Term): string {
  return `${term.kind}:${term.text}`;
}

function push<Meta>(map: Map<string, Compiled<Meta>[]>, key: string, pattern: Compiled<Meta>): void {
  const list = map.get(key);
  if (list) list.push(pattern);
  else map.set(key, [pattern]);
}
