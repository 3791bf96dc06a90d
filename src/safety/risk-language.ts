/**
 * A conservative screen for language suggesting suicide or self-harm in a client's free text.
 * A match must lead to the crisis reply and a clinician alert, so the screen errs towards matching:
 * a false positive costs a check on a client who is fine, a miss costs a disclosure nobody heard.
 *
 * Matching rule (also stated in prompts/safety/risk-phrases.yaml). The message and every phrase go
 * through normaliseForScreening, and then:
 * - a phrase with Chinese characters matches anywhere in the message's compact form (no spaces);
 * - a Latin phrase of at least 6 letters (compact) matches anywhere in the compact form, which also
 *   catches words spread out or run together, at the cost of matching inside longer words;
 * - a shorter Latin phrase ("kms") matches only as whole words, or as a run of spread-out letters
 *   ("k m s"), so that "diet", "skills" or "studies" do not trigger.
 * Every message is checked against every language: people mix languages. Text that uses a
 * right-to-left override is checked as stored and as displayed (see asDisplayed).
 *
 * A match names the list entry (locale and index) and never carries text, so it can be audited
 * without client words reaching a log.
 */
import { z } from "zod";
import { type Locale, locales } from "../i18n/locales.js";
import { asDisplayed, normaliseForScreening } from "./normalise.js";

/** Latin phrases shorter than this (compact) must match whole words; see the rule above. */
export const minAnywhereLetters = 6;

const maxPhraseLength = 80;

const hasHan = /\p{Script=Han}/u;

const phraseSchema = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(maxPhraseLength, `must be at most ${maxPhraseLength} characters`)
  .refine(
    // An empty phrase is already reported as empty.
    (phrase) => phrase === "" || normaliseForScreening(phrase).compact.length > 0,
    "has no letters left after normalisation, so it would match every message",
  );

const phraseListSchema = z.array(phraseSchema).min(1, "must list at least one phrase");

export const riskPhrasesSchema = z.strictObject({
  version: z.number().int().positive(),
  phrases: z.strictObject({
    en: phraseListSchema,
    sv: phraseListSchema,
    zh: phraseListSchema,
  }),
});
export type RiskPhrases = z.infer<typeof riskPhrasesSchema>;

/** Which list entry matched. Deliberately no text: the caller audits this. */
export interface RiskMatch {
  locale: Locale;
  phraseIndex: number;
}

/**
 * Finds which of many needles occur in a text in one pass, instead of one `includes` scan of the
 * whole text per phrase: needles are filed under their first two code units, and only positions that
 * pass a cheap filter on the first three (or, for two-unit needles, two) are looked up and compared.
 * The lowest order found wins.
 */
class NeedleIndex {
  private readonly byPair = new Map<number, Needle[]>();
  /** Hashes of the first three units of needles of three or more. */
  private readonly tripleFilter = new Uint8Array(0x10000);
  /** Hashes of two-unit needles (two Chinese characters, say). */
  private readonly pairFilter = new Uint8Array(0x10000);
  /** Needles of one unit have no pair: a single Chinese character, say. */
  private readonly singles: Needle[] = [];

  add(text: string, order: number): void {
    if (text.length < 2) {
      this.singles.push({ text, order });
      return;
    }
    const key = pairKey(text.charCodeAt(0), text.charCodeAt(1));
    const list = this.byPair.get(key) ?? [];
    list.push({ text, order });
    list.sort((a, b) => a.order - b.order);
    this.byPair.set(key, list);
    if (text.length === 2) this.pairFilter[pairHash(text.charCodeAt(0), text.charCodeAt(1))] = 1;
    else this.tripleFilter[tripleHash(text.charCodeAt(0), text.charCodeAt(1), text.charCodeAt(2))] = 1;
  }

  /** The lowest order of a needle in `haystack` below `best`, else `best`. */
  lowestOrderIn(haystack: string, best: number): number {
    let lowest = best;
    for (const needle of this.singles) {
      if (needle.order < lowest && haystack.includes(needle.text)) lowest = needle.order;
    }
    const length = haystack.length;
    let second = haystack.charCodeAt(0);
    let third = length > 1 ? haystack.charCodeAt(1) : 0;
    for (let at = 0; at + 1 < length; at++) {
      const first = second;
      second = third;
      // Past the end there is no third unit; 0 keeps the arithmetic on small integers (NaN would not).
      third = at + 2 < length ? haystack.charCodeAt(at + 2) : 0;
      if (this.tripleFilter[tripleHash(first, second, third)] === 0 && this.pairFilter[pairHash(first, second)] === 0) {
        continue;
      }
      for (const needle of this.byPair.get(pairKey(first, second)) ?? []) {
        if (needle.order >= lowest) break;
        if (haystack.startsWith(needle.text, at)) lowest = needle.order;
      }
    }
    return lowest;
  }
}

interface Needle {
  text: string;
  /** Position of the phrase across all lists (English first); lower wins. */
  order: number;
}

function pairKey(first: number, second: number): number {
  return first * 0x10000 + second;
}

function pairHash(first: number, second: number): number {
  return (first * 31 + second) & 0xffff;
}

function tripleHash(first: number, second: number, third: number): number {
  return (first * 961 + second * 31 + third) & 0xffff;
}

export class RiskScreen {
  readonly version: number;
  /** Indexed by order: which entry each needle stands for. */
  private readonly entries: RiskMatch[] = [];
  /** Needles looked for anywhere in a message's compact form. */
  private readonly anywhere = new NeedleIndex();
  /** Needles padded with spaces, looked for in a message's words form: whole-word matches. */
  private readonly wholeWords = new NeedleIndex();

  constructor(phrases: RiskPhrases) {
    this.version = phrases.version;
    for (const locale of locales) {
      phrases.phrases[locale].forEach((phrase, phraseIndex) => {
        const order = this.entries.push({ locale, phraseIndex }) - 1;
        this.addPhrase(phrase, order);
      });
    }
  }

  private addPhrase(phrase: string, order: number): void {
    const { words, compact } = normaliseForScreening(phrase);
    if (hasHan.test(compact) || Array.from(compact).length >= minAnywhereLetters) {
      this.anywhere.add(compact, order);
      return;
    }
    // " kil me " finds "kill me"; " kilme " finds "k i l l m e", which the normaliser joins into one word.
    this.wholeWords.add(` ${words} `, order);
    if (compact !== words) this.wholeWords.add(` ${compact} `, order);
  }

  /**
   * The first matching entry in list order (English, Swedish, Chinese), if any. Text that uses a
   * right-to-left override is screened both as stored and as displayed.
   */
  screen(text: string): RiskMatch | undefined {
    let lowest = this.lowestOrderIn(text, this.entries.length);
    const displayed = asDisplayed(text);
    if (displayed !== undefined) lowest = this.lowestOrderIn(displayed, lowest);
    const entry = this.entries[lowest];
    return entry ? { ...entry } : undefined;
  }

  private lowestOrderIn(text: string, best: number): number {
    const { words, compact } = normaliseForScreening(text);
    return this.wholeWords.lowestOrderIn(` ${words} `, this.anywhere.lowestOrderIn(compact, best));
  }
}
