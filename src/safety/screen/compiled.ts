/**
 * A lexicon pattern's match from one token: a walk over the message's tokens with backtracking for
 * gaps and choices. The screen finds where patterns match with the automaton (automaton.ts); this
 * walk gives the exact span of an exclusion's match from a start the automaton points to, and is the
 * reference the automaton is tested against.
 */
import { type Element, passes } from "./pattern.js";

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
