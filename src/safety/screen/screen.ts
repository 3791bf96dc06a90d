/**
 * The risk screen: finds language suggesting suicide or self-harm in a client's free text, using the
 * reviewed lexicons in prompts/safety/lexicon/ (one per language, all applied to every message,
 * since people mix languages). A match must lead to the crisis reply and a clinician alert, so the
 * screen errs towards matching: a false positive costs a check on a client who is fine, a miss costs
 * a disclosure nobody heard.
 *
 * Steps: the message is tokenised (tokens.ts); exclusions (idioms, substring accidents) mark the
 * tokens they cover; then the first risk pattern that matches using only uncovered tokens wins.
 * Multi-word patterns of plain words are also looked for inside single long tokens ("killmyself",
 * "k i l l m y s e l f"). Text that uses a right-to-left override is screened as stored and as
 * displayed. A match names its lexicon entry and never carries text, so it can be audited.
 */
import type { Locale } from "../../i18n/locales.js";
import { asDisplayed } from "../normalise.js";
import { type Compiled, matchAt, Trie } from "./compiled.js";
import type { LexiconFile, RiskCategory } from "./lexicon-schema.js";
import type { RiskModel } from "./model.js";
import { Occurrences } from "./occurrences.js";
import { type Choice, choiceOf, type Element, parsePattern, type SetTable } from "./pattern.js";
import { tokenise } from "./tokens.js";

/** Which lexicon entry matched. Deliberately no text: the caller audits this. */
export interface LexiconMatch {
  source: "lexicon";
  locale: Locale;
  category: RiskCategory;
  /** Position of the pattern in its category's list. */
  index: number;
}

/** The risk model matched (no lexicon entry did): its version and score, never text. */
export interface ModelMatch {
  source: "model";
  /** The model's version, as in prompts/safety/risk-model.json. */
  version: number;
  /** The highest window's score, at or above the model's threshold. */
  score: number;
}

export type RiskMatch = LexiconMatch | ModelMatch;

/** The rule id recorded with an alert, e.g. "en:means_pills:3", or "model:v1" for the risk model. */
export function ruleOf(match: RiskMatch): string {
  if (match.source === "model") return `model:v${match.version}`;
  return `${match.locale}:${match.category}:${match.index}`;
}

/** Multi-word patterns of plain words with at least this many letters also match inside one token. */
export const minJoinedLetters = 6;

/** A problem in a lexicon file, with the path of the entry it is about. */
export interface LexiconProblem {
  locale: Locale;
  path: string;
  message: string;
}

export class LexiconProblems extends Error {
  constructor(readonly problems: LexiconProblem[]) {
    super(problems.map((p) => `${p.locale}: ${p.path}: ${p.message}`).join("\n"));
  }
}

/** An exclusion by its language and position in that file's list. */
export interface ExclusionRef {
  locale: Locale;
  index: number;
}

export class RiskScreen {
  /** The lexicon versions, e.g. "en3-sv2-zh4": recorded so a match can be traced to its list. */
  readonly version: string;
  /** Risk patterns and exclusions by order (one numbering for both). */
  private readonly risk: Compiled<LexiconMatch>[] = [];
  private readonly exclusions: Compiled<ExclusionRef>[] = [];
  /** Multi-word patterns' letters, looked for inside single long tokens. */
  private readonly joined = new Trie<Compiled<LexiconMatch>>();
  private readonly occurrences = new Occurrences();
  private readonly shortestJoined: number;

  /**
   * Compiles the lexicons; throws LexiconProblems listing every bad entry. The risk model, if given,
   * is scored only when no lexicon pattern matched, and only if its file has it switched on.
   */
  constructor(
    lexicons: readonly LexiconFile[],
    readonly model?: RiskModel,
  ) {
    const problems: LexiconProblem[] = [];
    let order = 0;
    let shortestJoined = Number.POSITIVE_INFINITY;
    for (const lexicon of lexicons) {
      const locale = lexicon.language;
      const read = (pattern: string, path: string, sets: SetTable | undefined): Element[] | undefined => {
        try {
          return parsePattern(pattern, sets);
        } catch (error) {
          problems.push({ locale, path, message: (error as Error).message });
          return undefined;
        }
      };
      const sets = new Map<string, Choice>();
      for (const [name, members] of Object.entries(lexicon.sets)) {
        const readMembers = members.flatMap((member, at) => {
          const elements = read(member, `sets.${name}.${at}`, undefined);
          return elements ? [elements] : [];
        });
        sets.set(name, choiceOf(readMembers));
      }
      for (const [category, patterns] of Object.entries(lexicon.categories) as Array<[RiskCategory, string[]]>) {
        patterns.forEach((pattern, index) => {
          const elements = read(pattern, `categories.${category}.${index}`, sets);
          if (!elements) return;
          const compiled = { meta: { source: "lexicon" as const, locale, category, index }, elements, order: order++ };
          this.risk[compiled.order] = compiled;
          this.occurrences.add(compiled.order, elements);
          const needle = joinedNeedle(elements);
          if (needle) {
            this.joined.add(needle, false, compiled);
            shortestJoined = Math.min(shortestJoined, needle.length);
          }
        });
      }
      lexicon.exclusions.forEach((exclusion, index) => {
        const elements = read(exclusion.pattern, `exclusions.${index}.pattern`, sets);
        if (!elements) return;
        const compiled = { meta: { locale, index }, elements, order: order++ };
        this.exclusions[compiled.order] = compiled;
        this.occurrences.add(compiled.order, elements);
      });
    }
    if (problems.length > 0) throw new LexiconProblems(problems);
    this.version = lexicons.map((l) => `${l.language}${l.version}`).join("-");
    this.shortestJoined = shortestJoined;
  }

  /**
   * The first risk match in `text`, if any: the lexicons first (as stored, then as displayed), and
   * only if none matched, the risk model. `model` overrides whether the model is scored (the
   * evaluation shows lexicon-only and lexicon+model numbers); by default it is when switched on.
   */
  screen(text: string, options: { model?: boolean } = {}): RiskMatch | undefined {
    const stored = tokenise(text);
    const match = this.screenTokens(stored.words);
    if (match) return match;
    const displayedText = asDisplayed(text);
    const displayed = displayedText === undefined ? undefined : tokenise(displayedText);
    if (displayed) {
      const displayedMatch = this.screenTokens(displayed.words);
      if (displayedMatch) return displayedMatch;
    }
    const model = this.model;
    if (!model || !(options.model ?? model.enabled)) return undefined;
    for (const tokens of displayed ? [stored, displayed] : [stored]) {
      if (model.matches(tokens.words, tokens.han)) {
        return { source: "model", version: model.version, score: model.score(tokens.words, tokens.han) };
      }
    }
    return undefined;
  }

  /**
   * The first risk pattern, in lexicon order, that matches anywhere in `words` using only tokens no
   * exclusion covers; then multi-word patterns inside single long tokens.
   */
  private screenTokens(words: readonly string[]): LexiconMatch | undefined {
    this.occurrences.begin(words);
    const covered = this.coveredByExclusions(words);
    const usable = covered ? (at: number) => covered[at] === 0 : () => true;
    for (const order of this.occurrences.candidates) {
      const pattern = this.risk[order];
      if (!pattern) continue;
      const found = this.occurrences.someStart(
        pattern.order,
        (start) => usable(start) && matchAt(pattern.elements, words, start, usable) >= 0,
      );
      if (found) return { ...pattern.meta };
    }
    const seen = new Set<string>();
    for (let at = 0; at < words.length; at++) {
      const word = words[at] as string;
      if (word.length < this.shortestJoined || !usable(at) || seen.has(word)) continue;
      seen.add(word);
      const inside = this.joined.firstInside(word);
      if (inside) return { ...inside.meta };
    }
    return undefined;
  }

  /** The exclusions that match in `text` (for reviewing a lexicon: is this exclusion live?). */
  exclusionsIn(text: string): ExclusionRef[] {
    const found: ExclusionRef[] = [];
    const { words } = tokenise(text);
    this.occurrences.begin(words);
    this.coveredByExclusions(words, (ref) => found.push({ ...ref }));
    return found;
  }

  /**
   * Marks the tokens every exclusion match spans (after `occurrences.begin` for these words);
   * undefined when no exclusion matched.
   */
  private coveredByExclusions(words: readonly string[], seen?: (ref: ExclusionRef) => void): Uint8Array | undefined {
    let covered: Uint8Array | undefined;
    const always = () => true;
    for (const order of this.occurrences.candidates) {
      const exclusion = this.exclusions[order];
      if (!exclusion) continue;
      let matched = false;
      this.occurrences.someStart(exclusion.order, (start) => {
        const end = matchAt(exclusion.elements, words, start, always);
        if (end >= 0) {
          covered ??= new Uint8Array(words.length);
          covered.fill(1, start, end);
          matched = true;
        }
        return false; // every match counts: keep going
      });
      if (matched) seen?.(exclusion.meta);
    }
    return covered;
  }
}

/**
 * The letters of a pattern of two or more plain words, when long enough to be looked for inside one
 * token; else undefined.
 */
function joinedNeedle(elements: readonly Element[]): string | undefined {
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
