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
import { CandidateIndex, type Compiled, matchAt } from "./compiled.js";
import type { LexiconFile, RiskCategory } from "./lexicon-schema.js";
import { type Choice, choiceOf, type Element, firstTerms, parsePattern, type SetTable } from "./pattern.js";
import { tokenise } from "./tokens.js";
import { Viability } from "./viability.js";

/** Which lexicon entry matched. Deliberately no text: the caller audits this. */
export interface RiskMatch {
  locale: Locale;
  category: RiskCategory;
  /** Position of the pattern in its category's list. */
  index: number;
}

/** The rule id recorded with an alert, e.g. "en:means_pills:3". */
export function ruleOf(match: RiskMatch): string {
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

interface Joined {
  needle: string;
  pattern: Compiled<RiskMatch>;
}

export class RiskScreen {
  /** The lexicon versions, e.g. "en3-sv2-zh4": recorded so a match can be traced to its list. */
  readonly version: string;
  private readonly risk = new CandidateIndex<RiskMatch>();
  private readonly exclusions = new CandidateIndex<ExclusionRef>();
  private readonly joined: Joined[] = [];
  private readonly viability = new Viability();
  private readonly shortestJoined: number;

  /** Compiles the lexicons; throws LexiconProblems listing every bad entry. */
  constructor(lexicons: readonly LexiconFile[]) {
    const problems: LexiconProblem[] = [];
    let order = 0;
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
          const compiled = { meta: { locale, category, index }, elements, order: order++ };
          this.risk.add(compiled, firstTerms(elements));
          this.viability.add(compiled.order, elements);
          const needle = joinedNeedle(elements);
          if (needle) this.joined.push({ needle, pattern: compiled });
        });
      }
      lexicon.exclusions.forEach((exclusion, index) => {
        const elements = read(exclusion.pattern, `exclusions.${index}.pattern`, sets);
        if (!elements) return;
        const compiled = { meta: { locale, index }, elements, order: order++ };
        this.exclusions.add(compiled, firstTerms(elements));
        this.viability.add(compiled.order, elements);
      });
    }
    if (problems.length > 0) throw new LexiconProblems(problems);
    this.version = lexicons.map((l) => `${l.language}${l.version}`).join("-");
    this.shortestJoined = Math.min(...this.joined.map((j) => j.needle.length));
  }

  /** The first risk match in `text`, if any. */
  screen(text: string): RiskMatch | undefined {
    const match = this.screenForm(text);
    if (match) return match;
    const displayed = asDisplayed(text);
    return displayed === undefined ? undefined : this.screenForm(displayed);
  }

  private screenForm(text: string): RiskMatch | undefined {
    const { words } = tokenise(text);
    this.viability.begin(words);
    const covered = this.coveredByExclusions(words);
    const usable = covered ? (at: number) => covered[at] === 0 : () => true;
    for (let at = 0; at < words.length; at++) {
      if (!usable(at)) continue;
      const word = words[at] as string;
      for (const pattern of this.risk.candidates(word)) {
        if (!this.viability.viable(pattern.order)) continue;
        if (matchAt(pattern.elements, words, at, usable) >= 0) return { ...pattern.meta };
      }
      if (word.length >= this.shortestJoined) {
        for (const { needle, pattern } of this.joined) if (word.includes(needle)) return { ...pattern.meta };
      }
    }
    return undefined;
  }

  /** The exclusions that match in `text` (for reviewing a lexicon: is this exclusion live?). */
  exclusionsIn(text: string): ExclusionRef[] {
    const found: ExclusionRef[] = [];
    const { words } = tokenise(text);
    this.viability.begin(words);
    this.coveredByExclusions(words, (ref) => found.push({ ...ref }));
    return found;
  }

  /** Marks the tokens every exclusion match spans; undefined when no exclusion matched. */
  private coveredByExclusions(words: readonly string[], seen?: (ref: ExclusionRef) => void): Uint8Array | undefined {
    let covered: Uint8Array | undefined;
    const always = () => true;
    for (let at = 0; at < words.length; at++) {
      for (const exclusion of this.exclusions.candidates(words[at] as string)) {
        if (!this.viability.viable(exclusion.order)) continue;
        const end = matchAt(exclusion.elements, words, at, always);
        if (end < 0) continue;
        covered ??= new Uint8Array(words.length);
        covered.fill(1, at, end);
        seen?.(exclusion.meta);
      }
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
