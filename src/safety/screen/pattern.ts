/**
 * Reads one lexicon pattern ("want*|wanna to ~2 @die", "想 ~2 死") into the elements the matcher
 * walks. Pattern words go through the same tokeniser as messages, so a pattern written in ordinary
 * spelling meets the message however it was typed. The syntax is documented for reviewers in
 * docs/safety/LEXICON.md; every problem is reported as a sentence, never thrown past the loader.
 */
import { tokenise } from "./tokens.js";

/** One token test: exactly, starts with, ends with, or contains `text`. */
export type Term =
  | { kind: "exact"; text: string }
  | { kind: "prefix"; text: string }
  | { kind: "suffix"; text: string }
  | { kind: "infix"; text: string };

export type Element =
  | { kind: "term"; term: Term }
  /** Up to `max` tokens of anything. */
  | { kind: "gap"; max: number }
  /** Any one of several sequences: a set (@name) or an alternation (a|b). */
  | Choice;

export interface Choice {
  kind: "choice";
  options: Element[][];
  /** The options that start with an exact word, by that word: a token tries only its own. */
  byFirstWord: ReadonlyMap<string, Element[][]>;
  /** The options that start otherwise (a wildcard), tried at every token. */
  others: Element[][];
}

/** A choice among `options`, with the look-up that lets the matcher skip options that cannot start. */
export function choiceOf(options: Element[][]): Choice {
  const byFirstWord = new Map<string, Element[][]>();
  const others: Element[][] = [];
  for (const option of options) {
    const first = option[0];
    if (first?.kind === "term" && first.term.kind === "exact") {
      const list = byFirstWord.get(first.term.text);
      if (list) list.push(option);
      else byFirstWord.set(first.term.text, [option]);
    } else others.push(option);
  }
  return { kind: "choice", options, byFirstWord, others };
}

export const maxGap = 8;

/** Sets by name, each already read into a choice among its members. */
export type SetTable = ReadonlyMap<string, Choice>;

export class PatternError extends Error {}

const gapMarker = /~(\d+)/g;

/**
 * Reads a pattern. `sets` resolves @names; when reading a set's own members it is undefined, so a
 * member cannot name another set (sets stay one level deep and cannot loop).
 */
export function parsePattern(pattern: string, sets: SetTable | undefined): Element[] {
  // Chinese is written without spaces, so a gap marker may stand inside a run: "想~2死".
  const pieces = pattern.replace(gapMarker, " ~$1 ").trim().split(/\s+/);
  const elements: Element[] = [];
  for (const piece of pieces) {
    const gap = /^~(\d+)$/.exec(piece);
    if (gap) {
      const max = Number(gap[1]);
      if (max < 1 || max > maxGap) throw new PatternError(`a gap ~N takes N from 1 to ${maxGap}, not ${piece}`);
      if (!sets) throw new PatternError("a set member cannot contain a gap");
      elements.push({ kind: "gap", max });
      continue;
    }
    if (piece.startsWith("@")) {
      if (!sets) throw new PatternError(`a set member cannot name another set (${piece})`);
      const set = sets.get(piece.slice(1));
      if (!set) throw new PatternError(`names an unknown set ${piece}`);
      elements.push(set);
      continue;
    }
    if (piece.includes("|")) {
      const options = piece.split("|").map((option) => {
        if (option === "") throw new PatternError(`has an empty alternative in ${piece}`);
        if (option.startsWith("@") || option.startsWith("~")) {
          throw new PatternError(`an alternative is a word, not a set or a gap (${piece}): put the words in one set`);
        }
        return parseWord(option);
      });
      elements.push(choiceOf(options));
      continue;
    }
    elements.push(...parseWord(piece));
  }
  const first = elements[0];
  const last = elements[elements.length - 1];
  if (!first || first.kind === "gap" || !last || last.kind === "gap") {
    throw new PatternError("must start and end with a word, not a gap");
  }
  for (let at = 1; at < elements.length; at++) {
    if (elements[at]?.kind === "gap" && elements[at - 1]?.kind === "gap")
      throw new PatternError("has two gaps in a row");
  }
  return elements;
}

/** One written word, with its wildcards: one or more terms (a Chinese word is one per character). */
function parseWord(word: string): Element[] {
  const leading = word.startsWith("*");
  const trailing = word.length > 1 && word.endsWith("*");
  const core = word.slice(leading ? 1 : 0, trailing ? -1 : undefined);
  if (core.includes("*")) throw new PatternError(`can use * only at the start or end of a word (${word})`);
  const { words, han } = tokenise(core);
  if (words.length === 0) throw new PatternError(`"${word}" has no letters left after normalisation`);
  if (leading || trailing) {
    if (words.length > 1) throw new PatternError(`a wildcard applies to one word; "${word}" reads as ${words.length}`);
    if (han[0]) throw new PatternError(`a Chinese character is one token: a wildcard means nothing on "${word}"`);
  }
  const kind = leading && trailing ? "infix" : leading ? "suffix" : trailing ? "prefix" : "exact";
  return words.map((text) => ({ kind: "term", term: { kind, text } }));
}

/** Whether `token` passes `term`. */
export function passes(term: Term, token: string): boolean {
  switch (term.kind) {
    case "exact":
      return token === term.text;
    case "prefix":
      return token.startsWith(term.text);
    case "suffix":
      return token.endsWith(term.text);
    case "infix":
      return token.includes(term.text);
  }
}

/** The terms a match of `elements` can begin with (for indexing). */
export function firstTerms(elements: readonly Element[]): Term[] {
  const first = elements[0];
  if (!first || first.kind === "gap") return [];
  if (first.kind === "term") return [first.term];
  return first.options.flatMap((option) => firstTerms(option));
}

/**
 * One token sequence this pattern matches, built from the first option of every choice and no gap
 * tokens: the lexicon tests screen it to prove each pattern is live and not swallowed by an exclusion.
 */
export function sampleOf(elements: readonly Element[]): string[] {
  const out: string[] = [];
  for (const element of elements) {
    if (element.kind === "term") out.push(element.term.text);
    else if (element.kind === "choice") out.push(...sampleOf(element.options[0] ?? []));
  }
  return out;
}
