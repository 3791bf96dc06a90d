/**
 * Collects the risk patterns and exclusions as paths of the pattern automaton (automaton.ts), with
 * maps and lists while the lexicons load; `build()` hands them to PatternAutomaton, which packs them
 * into typed arrays. Paths that begin alike share their start: each (node, skip, word or set) step
 * leads to one node, a set is one edge per member into that node, and a member of several words
 * ("kill myself", 自杀) is a short chain of its own.
 */
import { type Edge, PatternAutomaton, root, skipBits } from "./automaton.js";
import { type Choice, type Element, maxGap, type Term } from "./pattern.js";
import type { TermTable } from "./terms.js";

export class AutomatonBuilder {
  private readonly edges: Edge[][] = [[]];
  private readonly ends: Array<number[] | undefined> = [undefined];
  /** The node each (node, skip, word or set) step leads to, so paths that begin alike share it. */
  private readonly steps = new Map<string, number>();
  /**
   * Each word or set, as its members' term ids and a short id of its own, worked out once: a set is
   * used by hundreds of patterns, and spelling its members into every step's key would leave
   * megabytes of strings behind while the lexicons load.
   */
  private readonly readings = new Map<string, { id: number; members: number[][] }>();
  private readonly readingsOfChoice = new WeakMap<Choice, { id: number; members: number[][] }>();

  constructor(private readonly terms: TermTable) {}

  /** Adds the pattern of this order. */
  add(order: number, elements: readonly Element[]): void {
    let node = root;
    let skip = 0;
    for (const element of elements) {
      if (element.kind === "gap") {
        skip = element.max;
        continue;
      }
      const { id, members } = this.readingOf(element);
      const key = `${node} ${skip} ${id}`;
      let next = this.steps.get(key);
      if (next === undefined) {
        next = this.newNode();
        this.steps.set(key, next);
        for (const member of members) this.link(node, member, skip, next);
      }
      node = next;
      skip = 0;
    }
    const ends = this.ends[node];
    if (ends) ends.push(order);
    else this.ends[node] = [order];
  }

  /** The automaton, packed for reading. */
  build(): PatternAutomaton {
    return new PatternAutomaton(this.edges, this.ends, this.terms.size);
  }

  /** A word's or set's members as term ids, and an id for the word or set (the same for equal ones). */
  private readingOf(element: Exclude<Element, { kind: "gap" }>): { id: number; members: number[][] } {
    if (element.kind === "choice") {
      const known = this.readingsOfChoice.get(element);
      if (known) return known;
    }
    // Each member once (a set may spell one twice, or two alternations may spell out alike), so
    // linking them never makes the same edge twice and addEdge need not search for one.
    const byKey = new Map<string, number[]>();
    for (const member of element.kind === "term" ? [[element.term]] : choiceMembers(element)) {
      const ids = member.map((term) => this.terms.idOf(term));
      byKey.set(ids.join(","), ids);
    }
    const members = [...byKey.values()];
    const key = [...byKey.keys()].join("|");
    let reading = this.readings.get(key);
    if (!reading) {
      reading = { id: this.readings.size, members };
      this.readings.set(key, reading);
    }
    if (element.kind === "choice") this.readingsOfChoice.set(element, reading);
    return reading;
  }

  /** Edges from `from` that read `member` (term ids, after passing over up to `skip` tokens) into `to`. */
  private link(from: number, member: readonly number[], skip: number, to: number): void {
    let node = from;
    let before = skip;
    member.forEach((id, at) => {
      if (at === member.length - 1) {
        this.addEdge(node, id, before, to);
        return;
      }
      // Inside a member of several words: a chain node of its own, shared by members that begin alike.
      const key = `${node} ${before} ${id} …`;
      let inside = this.steps.get(key);
      if (inside === undefined) {
        inside = this.newNode();
        this.steps.set(key, inside);
        this.addEdge(node, id, before, inside);
      }
      node = inside;
      before = 0;
    });
  }

  private addEdge(from: number, term: number, skip: number, to: number): void {
    if (skip > maxGap || term >= 1 << (31 - skipBits)) throw new Error("an edge's skip or term is out of range");
    // No search for an equal edge: `to` is a node made for this step (add) or this chain (link), and
    // readingOf gives each member once, so an edge is never made twice.
    (this.edges[from] as Edge[]).push({ term, skip, to });
  }

  private newNode(): number {
    this.ends.push(undefined);
    return this.edges.push([]) - 1;
  }
}

/**
 * The words a choice's members stand for: a member is words, or (a set member written "a|b c") words
 * with an alternation among them, which is spelled out here. Sets hold no gaps.
 */
function choiceMembers(choice: Choice): Term[][] {
  return choice.options.flatMap((option) => {
    let sequences: Term[][] = [[]];
    for (const element of option) {
      if (element.kind === "gap") throw new Error("a set member or an alternative cannot hold a gap");
      const next = element.kind === "term" ? [[element.term]] : choiceMembers(element);
      sequences = sequences.flatMap((before) => next.map((after) => [...before, ...after]));
    }
    return sequences;
  });
}
