/**
 * A cheap necessary condition checked before a pattern is walked: every word element of the pattern
 * must be satisfiable by some token of the message. "@self ~3 @die" cannot match a message with no
 * death word, however many "I"s it has, and finding that out once per message is far cheaper than
 * walking the pattern, with its gaps and choices, at every "I". Answers are kept per message.
 */
import { type Element, firstTerms, passes, type Term } from "./pattern.js";

export class Viability {
  /** Every distinct term the patterns need, by id. */
  private readonly terms: Term[] = [];
  private readonly termIds = new Map<string, number>();
  /** Per pattern (by order): for each word element, the ids of the terms any of which it needs. */
  private readonly needs: number[][][] = [];

  /** Per message: which terms and patterns were decided, and how, marked with the message's stamp. */
  private termStamp = new Uint32Array(0);
  private termAnswer = new Uint8Array(0);
  private patternStamp = new Uint32Array(0);
  private patternAnswer = new Uint8Array(0);
  private stamp = 0;
  private distinct: string[] = [];
  private distinctSet = new Set<string>();

  /** Registers a pattern under its order (0, 1, 2, … without holes). */
  add(order: number, elements: readonly Element[]): void {
    const needs: number[][] = [];
    for (const element of elements) {
      if (element.kind === "gap") continue;
      const starts = element.kind === "term" ? [element.term] : element.options.flatMap((o) => firstTerms(o));
      needs.push(starts.map((term) => this.idOf(term)));
    }
    this.needs[order] = needs;
  }

  /** Starts a new message; `words` are its tokens. */
  begin(words: readonly string[]): void {
    if (this.termStamp.length < this.terms.length) {
      this.termStamp = new Uint32Array(this.terms.length);
      this.termAnswer = new Uint8Array(this.terms.length);
    }
    if (this.patternStamp.length < this.needs.length) {
      this.patternStamp = new Uint32Array(this.needs.length);
      this.patternAnswer = new Uint8Array(this.needs.length);
    }
    this.stamp++;
    if (this.stamp === 0xffffffff) {
      this.stamp = 1;
      this.termStamp.fill(0);
      this.patternStamp.fill(0);
    }
    this.distinctSet = new Set(words);
    this.distinct = [...this.distinctSet];
  }

  /** Whether the pattern of this order could match the current message at all. */
  viable(order: number): boolean {
    if (this.patternStamp[order] === this.stamp) return this.patternAnswer[order] === 1;
    let answer = true;
    for (const group of this.needs[order] ?? []) {
      if (!group.some((id) => this.present(id))) {
        answer = false;
        break;
      }
    }
    this.patternStamp[order] = this.stamp;
    this.patternAnswer[order] = answer ? 1 : 0;
    return answer;
  }

  private present(id: number): boolean {
    if (this.termStamp[id] === this.stamp) return this.termAnswer[id] === 1;
    const term = this.terms[id] as Term;
    const answer = term.kind === "exact" ? this.distinctSet.has(term.text) : this.distinct.some((w) => passes(term, w));
    this.termStamp[id] = this.stamp;
    this.termAnswer[id] = answer ? 1 : 0;
    return answer;
  }

  private idOf(term: Term): number {
    const key = `${term.kind}:${term.text}`;
    let id = this.termIds.get(key);
    if (id === undefined) {
      id = this.terms.push(term) - 1;
      this.termIds.set(key, id);
    }
    return id;
  }
}
