/**
 * Where, in one message, each pattern could match. Every term a pattern needs is looked up once per
 * message (exact words in a map, prefixes and suffixes in one trie walk per distinct word, the few
 * infixes by a scan), giving the token positions where it occurs. A pattern is then tried only at
 * starts that its rarest element allows: "@self ~3 @die" is tried at an "I" only if a death word
 * stands within reach of it, so a 4,096-character note full of "I"s and 我s costs a few look-ups,
 * not a walk at every one of them. Nothing here decides a match; `matchAt` does, at these starts.
 */
import { Trie } from "./compiled.js";
import { type Element, firstTerms, passes, type Term } from "./pattern.js";

/** One word element of a pattern: the terms any of which can begin it, and where it can stand. */
interface Group {
  ids: number[];
  /** Identifies the same list of terms in several patterns (a set used twice), for one merge per message. */
  key: string;
  /** How many tokens after the pattern's start it can begin, at least and at most. */
  minOffset: number;
  maxOffset: number;
}

const none: readonly number[] = [];

export class Occurrences {
  private readonly terms: Term[] = [];
  private readonly termIds = new Map<string, number>();
  private readonly prefixTerms = new Trie<number>();
  private readonly suffixTerms = new Trie<number>();
  private readonly infixIds: number[] = [];
  /** Per pattern (by order): its word elements, the first one first. */
  private readonly plans: Group[][] = [];
  /** Per term: the patterns whose first element it can begin. */
  private readonly startsOf: number[][] = [];
  private readonly exactIds = new Map<string, number>();
  /** Per message: the patterns whose first element occurs, in order. */
  private present: number[] = [];

  /** Per message. */
  private wordPositions = new Map<string, number[]>();
  private positions: Array<readonly number[] | undefined> = [];
  private merged = new Map<string, readonly number[]>();
  private counts = new Map<string, number>();
  private tried = new Uint32Array(0);
  private stamp = 0;
  /** Terms whose positions, appended word by word, have been sorted. */
  private sorted = new Set<number>();

  /** Registers a pattern under its order. */
  add(order: number, elements: readonly Element[]): void {
    const groups: Group[] = [];
    let minOffset = 0;
    let maxOffset = 0;
    for (const element of elements) {
      if (element.kind === "gap") {
        maxOffset += element.max;
        continue;
      }
      const starts = element.kind === "term" ? [element.term] : element.options.flatMap((o) => firstTerms(o));
      const ids = [...new Set(starts.map((term) => this.idOf(term)))].sort((a, b) => a - b);
      if (groups.length === 0) {
        for (const id of ids) {
          const list = this.startsOf[id] ?? [];
          list.push(order);
          this.startsOf[id] = list;
        }
      }
      groups.push({ ids, key: ids.join(","), minOffset, maxOffset });
      const [least, most] = lengthRange(element);
      minOffset += least;
      maxOffset += most;
    }
    this.plans[order] = groups;
  }

  /** Starts a message. */
  begin(words: readonly string[]): void {
    this.positions = [];
    this.sorted = new Set();
    this.merged = new Map();
    this.counts = new Map();
    if (this.tried.length < words.length) this.tried = new Uint32Array(words.length);
    this.wordPositions = new Map();
    words.forEach((word, at) => {
      const list = this.wordPositions.get(word);
      if (list) list.push(at);
      else this.wordPositions.set(word, [at]);
    });
    const collect = (at: readonly number[]) => (ids: readonly number[]) => {
      for (const id of ids) {
        const list = (this.positions[id] as number[] | undefined) ?? [];
        for (const position of at) list.push(position);
        this.positions[id] = list;
      }
    };
    for (const [word, at] of this.wordPositions) {
      this.prefixTerms.walk(word, false, collect(at));
      this.suffixTerms.walk(word, true, collect(at));
    }
    for (const id of this.infixIds) {
      const term = this.terms[id] as Term;
      const list: number[] = [];
      for (const [word, at] of this.wordPositions) if (passes(term, word)) list.push(...at);
      if (list.length > 0) this.positions[id] = list;
    }
    // The patterns that can start anywhere here: most messages are short and wake only a few.
    const orders = new Set<number>();
    const wake = (id: number) => {
      for (const order of this.startsOf[id] ?? none) orders.add(order);
    };
    for (const word of this.wordPositions.keys()) {
      const id = this.exactIds.get(word);
      if (id !== undefined) wake(id);
    }
    this.positions.forEach((list, id) => {
      if (list && list.length > 0) wake(id);
    });
    this.present = [...orders].sort((a, b) => a - b);
  }

  /** The orders of the patterns whose first element occurs in the current message, ascending. */
  get candidates(): readonly number[] {
    return this.present;
  }

  /**
   * Calls `visit` with each token where the pattern of this order could start, until it returns
   * true; returns whether it did. Starts come in no particular order, each once.
   */
  someStart(order: number, visit: (start: number) => boolean): boolean {
    const groups = this.plans[order];
    if (!groups || groups.length === 0) return false;
    // The first element is usually common ("I", 我): check the rest exist at all before anything else.
    let anchor = groups[0] as Group;
    let fewest = Number.POSITIVE_INFINITY;
    for (let at = groups.length - 1; at >= 0; at--) {
      const group = groups[at] as Group;
      const count = this.countOfGroup(group);
      if (count === 0) return false;
      if (count < fewest) {
        anchor = group;
        fewest = count;
      }
    }
    const anchorPositions = this.positionsOfGroup(anchor);
    const first = groups[0] as Group;
    const firsts = this.positionsOfGroup(first);
    if (anchor === first) {
      for (const start of firsts) if (visit(start)) return true;
      return false;
    }
    const { minOffset, maxOffset } = anchor;
    // Starts already tried for this pattern, marked with a number new for each call.
    const stamp = this.nextStamp();
    for (const position of anchorPositions) {
      const from = position - maxOffset;
      const to = position - minOffset;
      for (let at = lowerBound(firsts, from); at < firsts.length; at++) {
        const start = firsts[at] as number;
        if (start > to) break;
        if (this.tried[start] === stamp) continue;
        this.tried[start] = stamp;
        if (visit(start)) return true;
      }
    }
    return false;
  }

  private nextStamp(): number {
    if (this.stamp === 0xffffffff) {
      this.stamp = 0;
      this.tried.fill(0);
    }
    return ++this.stamp;
  }

  /** How often any of the group's terms occurs (a token may count twice): enough to pick the rarest. */
  private countOfGroup(group: Group): number {
    if (group.ids.length === 1) return this.positionsOf(group.ids[0] as number).length;
    let count = this.counts.get(group.key);
    if (count === undefined) {
      count = 0;
      for (const id of group.ids) count += this.positionsOf(id).length;
      this.counts.set(group.key, count);
    }
    return count;
  }

  private positionsOfGroup(group: Group): readonly number[] {
    if (group.ids.length === 1) return this.positionsOf(group.ids[0] as number);
    const known = this.merged.get(group.key);
    if (known) return known;
    const all: number[] = [];
    for (const id of group.ids) for (const position of this.positionsOf(id)) all.push(position);
    const found = all.length === 0 ? none : [...new Set(all)].sort((a, b) => a - b);
    this.merged.set(group.key, found);
    return found;
  }

  private positionsOf(id: number): readonly number[] {
    const term = this.terms[id] as Term;
    if (term.kind === "exact") return this.wordPositions.get(term.text) ?? none;
    const list = this.positions[id] as number[] | undefined;
    if (!list) return none;
    // Several words' positions were appended in turn: sort (and drop repeats) once, on first read.
    if (!this.sorted.has(id)) {
      list.sort((a, b) => a - b);
      this.sorted.add(id);
    }
    return list;
  }

  private idOf(term: Term): number {
    const key = `${term.kind}:${term.text}`;
    let id = this.termIds.get(key);
    if (id === undefined) {
      id = this.terms.push(term) - 1;
      this.termIds.set(key, id);
      if (term.kind === "exact") this.exactIds.set(term.text, id);
      else if (term.kind === "prefix") this.prefixTerms.add(term.text, false, id);
      else if (term.kind === "suffix") this.suffixTerms.add(term.text, true, id);
      else if (term.kind === "infix") this.infixIds.push(id);
    }
    return id;
  }
}

/** The fewest and most tokens an element can cover. */
function lengthRange(element: Element): [number, number] {
  if (element.kind === "term") return [1, 1];
  if (element.kind === "gap") return [0, element.max];
  let least = Number.POSITIVE_INFINITY;
  let most = 0;
  for (const option of element.options) {
    let optionLeast = 0;
    let optionMost = 0;
    for (const inner of option) {
      const [a, b] = lengthRange(inner);
      optionLeast += a;
      optionMost += b;
    }
    least = Math.min(least, optionLeast);
    most = Math.max(most, optionMost);
  }
  return [Number.isFinite(least) ? least : 0, most];
}

/** The first index of a sorted list whose value is at least `value`. */
function lowerBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((sorted[mid] as number) < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
