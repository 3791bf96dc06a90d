/**
 * Measures the risk screen on a labelled corpus (tests/safety/corpus/): recall per category, split
 * into explicit and indirect disclosures, and how often everyday sentences raise an alert. Used by
 * the corpus test, `npm run screen:report` and the README's numbers, so all three say the same.
 */
import { z } from "zod";
import { locales } from "../../i18n/locales.js";
import { riskCategories } from "./lexicon-schema.js";
import type { RiskScreen } from "./screen.js";

export const everydayKinds = ["idiom", "substring", "clinical", "mention", "ordinary"] as const;
export type EverydayKind = (typeof everydayKinds)[number];

/** Kinds whose alerts count as false positives; a `mention` (someone else's, or negated) may alert. */
export const falsePositiveKinds: readonly EverydayKind[] = ["idiom", "substring", "clinical", "ordinary"];

export const corpusFileSchema = z.strictObject({
  language: z.enum(locales),
  risk: z
    .array(z.strictObject({ text: z.string().min(1), category: z.enum(riskCategories), explicit: z.boolean() }))
    .min(1),
  everyday: z.array(z.strictObject({ text: z.string().min(1), kind: z.enum(everydayKinds) })).min(1),
});
export type CorpusFile = z.infer<typeof corpusFileSchema>;

export interface Tally {
  total: number;
  caught: number;
}

export interface Evaluation {
  /** Per category, explicit and indirect sentences. */
  byCategory: Map<string, { explicit: Tally; indirect: Tally }>;
  explicit: Tally;
  indirect: Tally;
  /** Everyday sentences by kind; `caught` is how many raised an alert. */
  everyday: Map<EverydayKind, Tally>;
  missed: CorpusFile["risk"];
  falseAlerts: CorpusFile["everyday"];
}

/**
 * How `screen` does on `corpus`. `model` overrides whether the risk model is scored (false: the
 * lexicons alone; true: lexicons then model, even if the model file has it switched off); by default
 * the screen runs as shipped.
 */
export function evaluate(screen: RiskScreen, corpus: CorpusFile, options: { model?: boolean } = {}): Evaluation {
  const byCategory = new Map<string, { explicit: Tally; indirect: Tally }>();
  const explicit = { total: 0, caught: 0 };
  const indirect = { total: 0, caught: 0 };
  const missed: CorpusFile["risk"] = [];
  for (const sentence of corpus.risk) {
    let entry = byCategory.get(sentence.category);
    if (!entry) {
      entry = { explicit: { total: 0, caught: 0 }, indirect: { total: 0, caught: 0 } };
      byCategory.set(sentence.category, entry);
    }
    const caught = screen.screen(sentence.text, options) !== undefined;
    for (const tally of sentence.explicit ? [entry.explicit, explicit] : [entry.indirect, indirect]) {
      tally.total++;
      if (caught) tally.caught++;
    }
    if (!caught) missed.push(sentence);
  }
  const everyday = new Map<EverydayKind, Tally>();
  const falseAlerts: CorpusFile["everyday"] = [];
  for (const sentence of corpus.everyday) {
    const tally = everyday.get(sentence.kind) ?? { total: 0, caught: 0 };
    everyday.set(sentence.kind, tally);
    tally.total++;
    if (screen.screen(sentence.text, options) !== undefined) {
      tally.caught++;
      if (falsePositiveKinds.includes(sentence.kind)) falseAlerts.push(sentence);
    }
  }
  return { byCategory, explicit, indirect, everyday, missed, falseAlerts };
}

/** Everyday sentences that count towards the false-positive rate, and how many of them alerted. */
export function falsePositives(evaluation: Evaluation): Tally {
  let total = 0;
  let caught = 0;
  for (const kind of falsePositiveKinds) {
    const tally = evaluation.everyday.get(kind);
    total += tally?.total ?? 0;
    caught += tally?.caught ?? 0;
  }
  return { total, caught };
}

/** "97.5% (39/40)", or "–" for nothing to count. */
export function percent(tally: Tally): string {
  if (tally.total === 0) return "–";
  return `${((100 * tally.caught) / tally.total).toFixed(1)}% (${tally.caught}/${tally.total})`;
}
