/**
 * Many patterns in one automaton that reads a message once, left to right. A pattern is a path of
 * steps "pass over up to N tokens (its gap), then read this word or any member of this set", and
 * patterns that begin alike share the start of their path, so "@self ~3 want* …" is read once for
 * all the patterns it begins. Edges are labelled with term ids (terms.ts): a set is one edge per
 * member into the same node, and a member of several words ("kill myself", 自杀) a short chain.
 *
 * While reading, a node is active from the token where it was reached until its most permissive
 * edge can skip no further; at each token every active node tries the terms found there. A node
 * reached again simply restarts its window: the later arrival allows every skip the earlier one did,
 * so nothing is lost and the work per token stays small however many "I"s or 我s a note holds.
 * Reading is existence only (does some path reach a pattern's end, and where); which tokens a match
 * uses is worked out, where it matters, by the backtracking walk in compiled.ts.
 *
 * AutomatonBuilder (automaton-builder.ts) collects the patterns with maps and lists; PatternAutomaton
 * packs them into the flat typed arrays it reads, so the thousands of nodes cost a few hundred
 * kilobytes.
 */
import { PairTable } from "./pair-table.js";
import type { TermRun } from "./terms.js";

/** The start node, where every pattern's path begins. */
export const root = 0;

/** Nodes with at most this many edges are scanned for a term; larger ones are looked up. */
const scanned = 8;

/** An edge as the builder collects it: read `term` after passing over up to `skip` tokens, go to `to`. */
export interface Edge {
  term: number;
  skip: number;
  to: number;
}

export class PatternAutomaton {
  /**
   * Edges of node n are entries edgeFrom[n] … edgeFrom[n + 1] - 1, by term, the largest skip first;
   * entry e is edges[2e] (its term and skip as `term << skipBits | skip`, so the sort order is one
   * integer's) and edges[2e + 1] (node it leads to), side by side so a node's few edges are read
   * from one place.
   */
  private readonly edgeFrom: Int32Array;
  private readonly edges: Int32Array;
  /**
   * (node, term) → the first of that node's edges on that term, for nodes with more than
   * `scanned` edges (a set's members); a node with fewer is scanned, which touches less memory.
   */
  private readonly edgeIndex: PairTable;
  /**
   * For those nodes, a filter of 1,024 bits by a second hash of the term (the 32-bit mask of a node
   * with dozens of edges has every bit set): most tokens that reach a set node hold none of its
   * members, and a filter of 128 bytes a node answers that without a look-up in the large table. A
   * set of a few hundred members still leaves three bits in four clear at this size (at 256 bits
   * two in three were set). Node n's filter is filters[filterAt[n]] … filters[filterAt[n] + 31].
   */
  private readonly filterAt: Int32Array;
  private readonly filters: Int32Array;
  /** The start node's edges (all skip 0) by term: entries startFrom[t] … startFrom[t + 1] - 1 of startTo. */
  private readonly startFrom: Int32Array;
  private readonly startTo: Int32Array;
  /** Per node: the most tokens any of its edges may pass over; -1 when it has no edges. */
  private readonly window: Int32Array;
  /**
   * Per node: one bit (of 32) for each term it has an edge on, by a hash of the term id. A token whose
   * terms' bits miss a node's mask cannot move that node, so its edges are not even searched.
   */
  private readonly masks: Int32Array;
  /**
   * Per term: 1 when some node other than the start reads it. At a token with no such term only the
   * start can move, so the active nodes are not looked at (most tokens of a long note).
   */
  private readonly readInside: Uint8Array;
  /** Per node: the orders of the patterns whose path ends there. */
  private readonly ends: ReadonlyArray<readonly number[] | undefined>;

  /**
   * Per message: the active nodes, with what the loop over them needs side by side (the token where
   * each was last reached, its window and mask), so the loop reads memory in order; and per node
   * its place in that list plus one (0: not active).
   */
  private readonly activeNode: Int32Array;
  private readonly activeLast: Int32Array;
  private readonly activeWindow: Int32Array;
  private readonly activeMask: Int32Array;
  private readonly slot: Int32Array;
  /** The nodes reached by reading the current token, to be activated at the next one. */
  private reached = new Int32Array(64);

  constructor(edges: readonly Edge[][], ends: ReadonlyArray<readonly number[] | undefined>, termCount: number) {
    const nodes = edges.length;
    this.ends = ends;
    this.window = new Int32Array(nodes).fill(-1);
    this.masks = new Int32Array(nodes);
    this.readInside = new Uint8Array(termCount);
    this.activeNode = new Int32Array(nodes);
    this.activeLast = new Int32Array(nodes);
    this.activeWindow = new Int32Array(nodes);
    this.activeMask = new Int32Array(nodes);
    this.slot = new Int32Array(nodes);

    const starting = [...(edges[root] as Edge[])].sort((a, b) => a.term - b.term);
    this.startFrom = new Int32Array(termCount + 1);
    this.startTo = new Int32Array(starting.length);
    let at = 0;
    for (let term = 0; term <= termCount; term++) {
      this.startFrom[term] = at;
      while (at < starting.length && (starting[at] as Edge).term === term)
        this.startTo[at] = (starting[at++] as Edge).to;
    }
    if (starting.length > 0) this.window[root] = 0;

    const total = edges.reduce((sum, list, node) => sum + (node === root ? 0 : list.length), 0);
    this.edgeFrom = new Int32Array(nodes + 1);
    this.edges = new Int32Array(2 * total);
    let next = 0;
    const firstEdges: Array<[number, number, number]> = [];
    const indexedCount = edges.reduce((sum, list, node) => sum + (node !== root && list.length > scanned ? 1 : 0), 0);
    this.filterAt = new Int32Array(nodes);
    this.filters = new Int32Array(filterWords * indexedCount);
    let nextFilter = 0;
    for (let node = 0; node < nodes; node++) {
      this.edgeFrom[node] = next;
      if (node === root) continue;
      const list = [...(edges[node] as Edge[])].sort((a, b) => a.term - b.term || b.skip - a.skip);
      const indexed = list.length > scanned;
      if (indexed) {
        this.filterAt[node] = nextFilter;
        for (const { term } of list) {
          const bit = filterBitOf(term);
          this.filters[nextFilter + (bit >>> 5)] =
            (this.filters[nextFilter + (bit >>> 5)] as number) | (1 << (bit & 31));
        }
        nextFilter += filterWords;
      }
      for (const { term, skip, to } of list) {
        const firstOnTerm = next === this.edgeFrom[node] || (this.edges[2 * (next - 1)] as number) >> skipBits !== term;
        if (indexed && firstOnTerm) firstEdges.push([node, term, next]);
        this.edges[2 * next] = (term << skipBits) | skip;
        this.edges[2 * next + 1] = to;
        next++;
        this.window[node] = Math.max(this.window[node] as number, skip);
        this.masks[node] = (this.masks[node] as number) | bitOf(term);
        this.readInside[term] = 1;
      }
    }
    this.edgeFrom[nodes] = next;
    this.edgeIndex = new PairTable(firstEdges);
  }

  /**
   * Reads one message's terms and calls `found(order, end)` whenever a pattern's path completes,
   * `end` being the index just after its last token (a pattern may be reported at several ends, and
   * an end more than once). No word may use a token with `blocked[at] !== 0`; a gap may pass over it.
   */
  run(run: TermRun, blocked: Uint8Array | undefined, found: (order: number, end: number) => void): void {
    const { count, starts, terms } = run;
    const { activeNode, activeLast, activeWindow, activeMask, slot } = this;
    const { window, ends, readInside, masks, startFrom, startTo } = this;
    const { edgeFrom, edges, edgeIndex, filterAt, filters } = this;
    let activeCount = 0;
    let reached = this.reached;
    let reachedCount = 0;

    // Every edge reads one token, so what it reaches is ready at the next: `reached` holds it until
    // then. It can hold at most every node once per edge read, so it grows only on a message that
    // reaches more than it has room for; the arrival step is written out twice below (start and
    // inside) because this loop runs for every token of every message.
    const room = () => {
      const grown = new Int32Array(2 * reached.length);
      grown.set(reached);
      reached = grown;
      this.reached = grown;
    };

    for (let at = 0; at < count; at++) {
      for (let i = 0; i < reachedCount; i++) {
        const node = reached[i] as number;
        const place = slot[node] as number;
        if (place !== 0) {
          activeLast[place - 1] = at;
          continue;
        }
        activeNode[activeCount] = node;
        activeLast[activeCount] = at;
        activeWindow[activeCount] = window[node] as number;
        activeMask[activeCount] = masks[node] as number;
        slot[node] = ++activeCount;
      }
      reachedCount = 0;
      const from = starts[at] as number;
      const to = starts[at + 1] as number;
      if (from === to || (blocked && blocked[at] !== 0)) continue;
      const end = at + 1;
      let inside = false;
      let bits = 0;
      for (let k = from; k < to; k++) {
        const term = terms[k] as number;
        for (let e = startFrom[term] as number; e < (startFrom[term + 1] as number); e++) {
          const child = startTo[e] as number;
          const done = ends[child];
          if (done !== undefined) for (let d = 0; d < done.length; d++) found(done[d] as number, end);
          if ((window[child] as number) >= 0 && end < count) {
            if (reachedCount === reached.length) room();
            reached[reachedCount++] = child;
          }
        }
        if (readInside[term] === 1) inside = true;
        bits |= bitOf(term);
      }
      if (!inside) continue;
      for (let i = 0; i < activeCount; ) {
        const skipped = at - (activeLast[i] as number);
        if (skipped > (activeWindow[i] as number)) {
          // Out of reach for good (until reached again): the last entry takes its place.
          slot[activeNode[i] as number] = 0;
          const moved = --activeCount;
          if (moved !== i) {
            const node = activeNode[moved] as number;
            activeNode[i] = node;
            activeLast[i] = activeLast[moved] as number;
            activeWindow[i] = activeWindow[moved] as number;
            activeMask[i] = activeMask[moved] as number;
            slot[node] = i + 1;
          }
          continue;
        }
        const node = activeNode[i++] as number;
        if (((activeMask[i - 1] as number) & bits) === 0) continue;
        const before = edgeFrom[node] as number;
        const after = edgeFrom[node + 1] as number;
        for (let k = from; k < to; k++) {
          const term = terms[k] as number;
          let first = before;
          if (after - before > scanned) {
            const bit = filterBitOf(term);
            const word = filters[(filterAt[node] as number) + (bit >>> 5)] as number;
            if ((word & (1 << (bit & 31))) === 0) continue;
            first = edgeIndex.get(node, term);
          } else {
            const lowest = term << skipBits;
            while (first < after && (edges[2 * first] as number) < lowest) first++;
          }
          if (first < 0) continue;
          for (let e = first; e < after && (edges[2 * e] as number) >> skipBits === term; e++) {
            if (((edges[2 * e] as number) & skipMask) < skipped) break;
            const child = edges[2 * e + 1] as number;
            const done = ends[child];
            if (done !== undefined) for (let d = 0; d < done.length; d++) found(done[d] as number, end);
            if ((window[child] as number) >= 0 && end < count) {
              if (reachedCount === reached.length) room();
              reached[reachedCount++] = child;
            }
          }
        }
      }
    }
    for (let i = 0; i < activeCount; i++) slot[activeNode[i] as number] = 0;
  }
}

/** An edge's skip is at most maxGap (8), so it takes four bits beside its term. */
export const skipBits = 4;
const skipMask = (1 << skipBits) - 1;

/** 32-bit words in a large node's term filter (1,024 bits). */
const filterWords = 32;

/** A term id's bit (0–1,023) in a large node's filter: a hash other than the mask's. */
function filterBitOf(term: number): number {
  return Math.imul(term ^ 0x5bd1e995, 0x85ebca6b) >>> 22;
}

/** A term id's bit in a node's mask (a multiplicative hash, so neighbouring ids spread out). */
function bitOf(term: number): number {
  return 1 << (Math.imul(term, 0x9e3779b1) >>> 27);
}
