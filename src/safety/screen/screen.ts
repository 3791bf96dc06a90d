/**
 * The risk screen: finds language suggesting suicide or self-harm in a client's free text, using the
 * reviewed lexicons in prompts/safety/lexicon/ (one per language, all applied to every message,
 * since people mix languages). A match must lead to the crisis reply and a clinician alert, so the
 * screen errs towards matching: a false positive costs a check on a client who is fine, a miss costs
 * a disclosure nobody heard.
 *
 * Steps: the message is tokenised (tokens.ts) and each token's terms looked up (terms.ts); one
 * automaton holding every risk pattern and every exclusion (idioms, substring accidents) reads it
 * once (automaton.ts). If no risk pattern matched, that is the answer. If one did, the tokens each
 * exclusion match covers are marked, and the first risk pattern in lexicon order that still matches
 * using only uncovered tokens wins (the backtracking walk in compiled.ts checks that).
 * Multi-word patterns of plain words are also looked for inside single long tokens ("killmyself",
 * "k i l l m y s e l f"). Text that uses a right-to-left override is screened as stored and as
 * displayed. A match names its lexicon entry and never carries text, so it can be audited.
 */
import type { Locale } from "../../i18n/locales.js";
import { asDisplayed } from "../normalise.js";
import type { PatternAutomaton } from "./automaton.js";
import { AutomatonBuilder } from "./automaton-builder.js";
import { type Compiled, matchAt } from "./compiled.js";
import type { LexiconFile, RiskCategory } from "./lexicon-schema.js";
import type { RiskModel } from "./model.js";
import { type Choice, choiceOf, type Element, parsePattern, type SetTable } from "./pattern.js";
import { joinedNeedle, type Span, spanOf, startsBefore } from "./pattern-shape.js";
import { TermTable } from "./terms.js";
import { tokenise } from "./tokens.js";
import { Trie } from "./trie.js";

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
  /** Per pattern and exclusion (by order): the fewest and most tokens a match of it spans. */
  private readonly spans: Span[] = [];
  private readonly terms = new TermTable();
  /** Every risk pattern and exclusion, read in one pass; an order tells which one ended. */
  private readonly automaton: PatternAutomaton;
  /** Multi-word patterns' letters, looked for inside single long tokens. */
  private readonly joined = new Trie<Compiled<LexiconMatch>>();
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
    const paths = new AutomatonBuilder(this.terms);
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
          this.spans[compiled.order] = spanOf(elements);
          paths.add(compiled.order, elements);
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
        this.spans[compiled.order] = spanOf(elements);
        paths.add(compiled.order, elements);
      });
    }
    if (problems.length > 0) throw new LexiconProblems(problems);
    this.automaton = paths.build();
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
    // One pass finds where risk patterns and exclusions end, as if no exclusion covered anything.
    // Most messages match no risk pattern, and then no exclusion can matter; when one did, the spans
    // of the exclusions are worked out and the match must hold on the tokens they leave free.
    const ends = this.endsIn(words);
    const riskOrders = [...ends.keys()].filter((order) => this.risk[order] !== undefined).sort((x, y) => x - y);
    let covered: Uint8Array | undefined | null = null;
    const coverage = () => {
      if (covered === null) covered = this.coveredByExclusions(words, ends);
      return covered;
    };
    if (riskOrders.length > 0) {
      const blocked = coverage();
      const usable = blocked ? (at: number) => blocked[at] === 0 : always;
      for (const order of riskOrders) {
        const pattern = this.risk[order] as Compiled<LexiconMatch>;
        // Without exclusions the automaton's word is final; with them, the match must hold on the
        // tokens they leave free, which the walk checks from every start that could reach an end.
        if (!blocked) return { ...pattern.meta };
        const starts = startsBefore(ends.get(order) as number[], this.spans[order] as Span);
        for (const start of starts)
          if (matchAt(pattern.elements, words, start, usable) >= 0) return { ...pattern.meta };
      }
    }
    const inside = new Map<string, Compiled<LexiconMatch> | undefined>();
    for (let at = 0; at < words.length; at++) {
      const word = words[at] as string;
      if (word.length < this.shortestJoined) continue;
      let found = inside.get(word);
      if (!inside.has(word)) {
        found = this.joined.firstInside(word);
        inside.set(word, found);
      }
      if (found && coverage()?.[at] !== 1) return { ...found.meta };
    }
    return undefined;
  }

  /**
   * The lexicons' answer for `text` found the slow way: every exclusion and every pattern tried at
   * every token by the backtracking walk, with no automaton and no look-ups. The automaton is tested
   * against it, and a reviewer puzzled by a result can compare the two. Lexicons only, as stored.
   */
  matchByWalking(text: string): LexiconMatch | undefined {
    const { words } = tokenise(text);
    let covered: Uint8Array | undefined;
    for (const exclusion of this.exclusions) {
      if (!exclusion) continue;
      for (let start = 0; start < words.length; start++) {
        const end = matchAt(exclusion.elements, words, start, always);
        if (end < 0) continue;
        covered ??= new Uint8Array(words.length);
        covered.fill(1, start, end);
      }
    }
    const usable = covered ? (at: number) => covered?.[at] === 0 : always;
    for (const pattern of this.risk) {
      if (!pattern) continue;
      for (let start = 0; start < words.length; start++) {
        if (matchAt(pattern.elements, words, start, usable) >= 0) return { ...pattern.meta };
      }
    }
    for (let at = 0; at < words.length; at++) {
      const word = words[at] as string;
      const inside = word.length >= this.shortestJoined && usable(at) ? this.joined.firstInside(word) : undefined;
      if (inside) return { ...inside.meta };
    }
    return undefined;
  }

  /** The exclusions that match in `text` (for reviewing a lexicon: is this exclusion live?). */
  exclusionsIn(text: string): ExclusionRef[] {
    const found: ExclusionRef[] = [];
    const { words } = tokenise(text);
    this.coveredByExclusions(words, this.endsIn(words), (ref) => found.push({ ...ref }));
    return found;
  }

  /** Where every risk pattern and exclusion that matches in `words` ends, by order (exclusions ignored). */
  private endsIn(words: readonly string[]): Map<number, number[]> {
    const ends = new Map<number, number[]>();
    this.automaton.run(this.terms.scan(words), undefined, (order, end) => {
      const list = ends.get(order);
      if (list) list.push(end);
      else ends.set(order, [end]);
    });
    return ends;
  }

  /**
   * Marks the tokens every exclusion match spans; undefined when no exclusion matched. The automaton
   * said which exclusions match and where their matches end (`ends`); each start that can reach such
   * an end is walked to get the span, so the marks are exactly those of trying every exclusion
   * everywhere.
   */
  private coveredByExclusions(
    words: readonly string[],
    ends: ReadonlyMap<number, readonly number[]>,
    seen?: (ref: ExclusionRef) => void,
  ): Uint8Array | undefined {
    let covered: Uint8Array | undefined;
    for (const order of [...ends.keys()].sort((a, b) => a - b)) {
      const exclusion = this.exclusions[order];
      if (!exclusion) continue;
      let matched = false;
      for (const start of startsBefore(ends.get(order) as number[], this.spans[order] as Span)) {
        const end = matchAt(exclusion.elements, words, start, always);
        if (end < 0) continue;
        covered ??= new Uint8Array(words.length);
        covered.fill(1, start, end);
        matched = true;
      }
      if (matched) seen?.(exclusion.meta);
    }
    return covered;
  }
}

const always = () => true;
