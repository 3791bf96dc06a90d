/**
 * A lexicon pattern's match from one token: a walk over the message's tokens with backtracking for
 * gaps and choices. The screen finds where patterns match with the automaton (automaton.ts); this
 * walk gives the exact span of an exclusion's match from a start the automaton points to, and is the
 * reference the automaton is tested against. Also the tries the term look-ups use.
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

interface TrieNode<T> {
  next: Map<number, TrieNode<T>>;
  /** What ends at this node. */
  items: T[];
}

/** Stems by their characters, for finding every stem a word starts (or ends) with in one walk. */
export class Trie<T> {
  private readonly root: TrieNode<T> = { next: new Map(), items: [] };

  add(stem: string, fromEnd: boolean, item: T): void {
    let node = this.root;
    for (let i = 0; i < stem.length; i++) {
      const code = stem.charCodeAt(fromEnd ? stem.length - 1 - i : i);
      let child = node.next.get(code);
      if (!child) {
        child = { next: new Map(), items: [] };
        node.next.set(code, child);
      }
      node = child;
    }
    node.items.push(item);
  }

  /**
   * Appends to `into` the items of every stem that `word` starts with (ends with, `fromEnd`), or that
   * stands anywhere inside it (`inside`). Appends rather than calling back: a callback made afresh
   * for every word is a new function each time, which slows the call to a crawl on hot paths.
   */
  collect(word: string, how: "start" | "end" | "inside", into: T[]): void {
    const root = this.root;
    if (root.next.size === 0) return;
    const fromEnd = how === "end";
    const starts = how === "inside" ? word.length : 1;
    for (let start = 0; start < starts; start++) {
      let node: TrieNode<T> | undefined = root;
      for (let i = start; i < word.length && node; i++) {
        node = node.next.get(word.charCodeAt(fromEnd ? word.length - 1 - i : i));
        if (node) for (const item of node.items) into.push(item);
      }
    }
  }

  /** The first item of a stem that stands anywhere inside `word`, if any. */
  firstInside(word: string): T | undefined {
    for (let start = 0; start < word.length; start++) {
      let node: TrieNode<T> | undefined = this.root;
      for (let i = start; i < word.length && node; i++) {
        node = node.next.get(word.charCodeAt(i));
        if (node && node.items.length > 0) return node.items[0];
      }
    }
    return undefined;
  }
}
