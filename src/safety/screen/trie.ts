/**
 * Stems by their characters, for finding every stem a word starts (or ends) with, or holds anywhere,
 * in one walk per starting letter. The screen asks this for every distinct word of every message,
 * so the trie is built with maps and then, before its first read, packed: each step from a node on
 * a character is one look-up in an integer pair table, and what ends at a node is a range of one
 * list. A walk then touches a few typed arrays instead of a chain of Map objects, and the thousands
 * of maps the building needed are let go.
 */
import { PairTable } from "./pair-table.js";

interface BuildNode<T> {
  next: Map<number, BuildNode<T>>;
  /** What ends at this node. */
  items: T[];
}

interface Packed<T> {
  /** (node, character code) → the node that step leads to; node 0 is the root. */
  steps: PairTable;
  /** Node n's items are items[itemsFrom[n]] … items[itemsFrom[n + 1] - 1]. */
  itemsFrom: Int32Array;
  items: T[];
  /** Whether the root has any step at all (an empty trie answers nothing). */
  empty: boolean;
}

export class Trie<T> {
  private root: BuildNode<T> | undefined = { next: new Map(), items: [] };
  private packed: Packed<T> | undefined;

  /** Adds a stem (read from its end when `fromEnd`); only before the trie is first read. */
  add(stem: string, fromEnd: boolean, item: T): void {
    if (!this.root) throw new Error("a trie cannot take stems once it has been read");
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
    const { steps, itemsFrom, items, empty } = this.read();
    if (empty) return;
    const fromEnd = how === "end";
    const length = word.length;
    const starts = how === "inside" ? length : 1;
    for (let start = 0; start < starts; start++) {
      let node = 0;
      for (let i = start; i < length; i++) {
        node = steps.get(node, word.charCodeAt(fromEnd ? length - 1 - i : i));
        if (node === PairTable.missing) break;
        const last = itemsFrom[node + 1] as number;
        for (let at = itemsFrom[node] as number; at < last; at++) into.push(items[at] as T);
      }
    }
  }

  /** The first item of a stem that stands anywhere inside `word`, if any. */
  firstInside(word: string): T | undefined {
    const { steps, itemsFrom, items, empty } = this.read();
    if (empty) return undefined;
    for (let start = 0; start < word.length; start++) {
      let node = 0;
      for (let i = start; i < word.length; i++) {
        node = steps.get(node, word.charCodeAt(i));
        if (node === PairTable.missing) break;
        const first = itemsFrom[node] as number;
        if (first < (itemsFrom[node + 1] as number)) return items[first];
      }
    }
    return undefined;
  }

  private read(): Packed<T> {
    if (this.packed) return this.packed;
    const root = this.root as BuildNode<T>;
    const steps: Array<[number, number, number]> = [];
    const itemsFrom: number[] = [];
    const items: T[] = [];
    // Breadth first, numbering each node as it is taken from the queue.
    const queue: Array<BuildNode<T>> = [root];
    for (let at = 0; at < queue.length; at++) {
      const node = queue[at] as BuildNode<T>;
      itemsFrom.push(items.length);
      items.push(...node.items);
      for (const [code, child] of node.next) steps.push([at, code, queue.push(child) - 1]);
    }
    itemsFrom.push(items.length);
    this.packed = {
      steps: new PairTable(steps),
      itemsFrom: Int32Array.from(itemsFrom),
      items,
      empty: root.next.size === 0,
    };
    this.root = undefined;
    return this.packed;
  }
}
