/**
 * The shape of a risk lexicon file (prompts/safety/lexicon/<lang>.yaml): named word sets, patterns
 * by category, and exclusions for idioms and substring accidents. docs/safety/LEXICON.md explains
 * the pattern syntax to the clinicians who review these files; src/safety/screen/pattern.ts reads it.
 */
import { z } from "zod";
import { locales } from "../../i18n/locales.js";

/** The kinds of disclosure, the same in every language, in the order reports list them. */
export const riskCategories = [
  "active_ideation",
  "passive_death_wish",
  "plan_preparation",
  "means_pills",
  "means_hanging",
  "means_jumping",
  "means_traffic",
  "means_weapon",
  "means_cutting_burning",
  "means_poison",
  "self_harm_act",
  "farewell",
  "burden_hopelessness",
  "not_safe",
] as const;
export type RiskCategory = (typeof riskCategories)[number];

// Long alternations are better written as a set (@name), but a limit is only there to catch accidents.
const maxPatternLength = 400;

const patternText = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(maxPatternLength, `must be at most ${maxPatternLength} characters`);

const setName = z.string().regex(/^[a-z][a-z0-9_]*$/, "set names are lower-case letters, digits and _");

export const exclusionSchema = z.strictObject({
  pattern: patternText,
  /** Why this is not a disclosure: for the reviewer. */
  why: z.string().trim().min(1, "must say why this is not a disclosure"),
  /** A sentence using the idiom; a test proves it passes and that a disclosure beside it still alerts. */
  example: z.string().trim().min(1, "must give an example sentence"),
});
export type Exclusion = z.infer<typeof exclusionSchema>;

export const lexiconFileSchema = z.strictObject({
  language: z.enum(locales),
  version: z.number().int().positive(),
  sets: z.record(setName, z.array(patternText).min(1, "a set needs at least one member")).default({}),
  categories: z
    .partialRecord(z.enum(riskCategories), z.array(patternText).min(1, "list at least one pattern or leave it out"))
    .refine((categories) => Object.keys(categories).length > 0, "must list at least one category"),
  exclusions: z.array(exclusionSchema).default([]),
});
export type LexiconFile = z.infer<typeof lexiconFileSchema>;
