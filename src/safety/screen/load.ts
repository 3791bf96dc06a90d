/**
 * Reads the risk screen's files: one lexicon per language and the risk model beside them, checked
 * against their schemas and compiled, with every problem reported as `file: path: problem` so a
 * practice editing a lexicon sees all its mistakes at once.
 */
import { join, relative } from "node:path";
import { locales } from "../../i18n/locales.js";
import { describeZodIssues } from "../../prompts/errors.js";
import { loadValidated, unreadable } from "../../prompts/load.js";
import { readUtf8File } from "../../text/utf8-file.js";
import { type LexiconFile, lexiconFileSchema } from "./lexicon-schema.js";
import { RiskModel, riskModelFileSchema } from "./model.js";
import { LexiconProblems, RiskScreen } from "./screen.js";

/** The risk model file beside a lexicon folder: `<dir>/../risk-model.json`. */
export function riskModelPathFor(lexiconDir: string): string {
  return join(lexiconDir, "..", "risk-model.json");
}

/** Reads and validates the risk model file; adds `file: path: problem` lines on failure. */
export function loadRiskModel(path: string, root: string, problems: string[]): RiskModel | undefined {
  const label = relative(root, path);
  let text: string;
  let raw: unknown;
  try {
    text = readUtf8File(path);
  } catch (error) {
    problems.push(unreadable(label, error));
    return undefined;
  }
  try {
    raw = JSON.parse(text);
  } catch (error) {
    problems.push(`${label}: (file): not valid JSON: ${(error as Error).message.split("\n")[0]}`);
    return undefined;
  }
  const parsed = riskModelFileSchema.safeParse(raw);
  if (!parsed.success) {
    problems.push(...describeZodIssues(parsed.error).map((p) => `${label}: ${p}`));
    return undefined;
  }
  try {
    return new RiskModel(parsed.data);
  } catch (error) {
    problems.push(`${label}: weights: ${(error as Error).message}`);
    return undefined;
  }
}

/**
 * Builds the risk screen from one lexicon file per language (`<dir>/en.yaml`, …; every language must
 * have one) and the risk model (`modelPath`, by default risk-model.json beside the lexicon folder;
 * null for none).
 * Adds `file: path: problem` lines for bad files and bad patterns. With `partial` (the review
 * scripts, while a lexicon is being edited), a bad lexicon is reported and left out instead, so work
 * on one language is not blocked by another; the app never loads a partial screen.
 */
export function loadRiskScreen(
  dir: string,
  root: string,
  problems: string[],
  options: { partial?: boolean; modelPath?: string | null } = {},
): RiskScreen | undefined {
  const lexicons: LexiconFile[] = [];
  const before = problems.length;
  // `modelPath: null`: the lexicons alone (the training script, which makes the model).
  const model =
    options.modelPath === null ? undefined : loadRiskModel(options.modelPath ?? riskModelPathFor(dir), root, problems);
  for (const locale of locales) {
    const path = join(dir, `${locale}.yaml`);
    const lexicon = loadValidated(path, root, lexiconFileSchema, problems);
    if (!lexicon) continue;
    if (lexicon.language !== locale) {
      problems.push(`${relative(root, path)}: language: says "${lexicon.language}" in the file for ${locale}`);
      continue;
    }
    lexicons.push(lexicon);
  }
  if (problems.length > before && !options.partial) return undefined;
  const compiled = options.partial ? lexicons.filter((lexicon) => compiles(lexicon, dir, root, problems)) : lexicons;
  try {
    return new RiskScreen(compiled, model);
  } catch (error) {
    if (!(error instanceof LexiconProblems)) throw error;
    problems.push(...lexiconProblemLines(error, dir, root));
    return undefined;
  }
}

function compiles(lexicon: LexiconFile, dir: string, root: string, problems: string[]): boolean {
  try {
    new RiskScreen([lexicon]);
    return true;
  } catch (error) {
    if (!(error instanceof LexiconProblems)) throw error;
    problems.push(...lexiconProblemLines(error, dir, root));
    return false;
  }
}

function lexiconProblemLines(error: LexiconProblems, dir: string, root: string): string[] {
  return error.problems.map((p) => `${relative(root, join(dir, `${p.locale}.yaml`))}: ${p.path}: ${p.message}`);
}
