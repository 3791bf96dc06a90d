/**
 * What the risk screen needs to know of a pattern's shape, worked out once as the lexicons load:
 * how few and how many tokens a match spans (so the exact walk is tried only from starts that can
 * reach an end the automaton reported), and the letters of a multi-word pattern run together (so
 * "killmyself" is found inside one token).
 */
import type { Element } from "./pattern.js";

/** Multi-word patterns of plain words with at least this many letters also match inside one token. */
export const minJoinedLetters = 6;

/** The fewest and most tokens a match spans. */
export type Span = readonly [number, number];

/** Every token where a match of this span could start and end at one of `ends`. */
export function startsBefore(ends: readonly number[], [fewest, most]: Span): Set<number> {
  const starts = new Set<number>();
  for (const end of ends) for (let start = Math.max(0, end - most); start <= end - fewest; start++) starts.add(start);
  return starts;
}

/** The fewest and most tokens a match of `elements` can span. */
export function spanOf(elements: readonly Element[]): Span {
  let fewest = 0;
  let most = 0;
  for (const element of elements) {
    const [least, longest] = elementSpan(element);
    fewest += least;
    most += longest;
  }
  return [fewest, most];
}

function elementSpan(element: Element): Span {
  if (element.kind === "term") return [1, 1];
  if (element.kind === "gap") return [0, element.max];
  let fewest = Number.POSITIVE_INFINITY;
  let most = 0;
  for (const option of element.options) {
    const [least, longest] = spanOf(option);
    fewest = Math.min(fewest, least);
    most = Math.max(most, longest);
  }
  return [Number.isFinite(fewest) ? fewest : 0, most];
}

/**
 * The letters of a pattern of two or more plain words, when long enough to be looked for inside one
 * token; else undefined.
 */
export function joinedNeedle(elements: readonly Element[]): string | undefined {
  if (elements.length < 2) return undefined;
  let needle = "";
  for (const element of elements) {
    if (element.kind !== "term" || element.term.kind !== "exact") return undefined;
    needle += element.term.text;
  }
  // Chinese characters are tokens of their own already; joining them adds nothing.
  if (/\p{Script=Han}/u.test(needle)) return undefined;
  // Repeated letters collapse across the join, as they do in a message's run-together word.
  needle = needle.replace(/(.)\1+/gu, "$1");
  return needle.length >= minJoinedLetters ? needle : undefined;
}
