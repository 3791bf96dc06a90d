/**
 * Where the shipped lexicons and the labelled corpus live, and reading them, for the report script,
 * the word-list review and the tests. The app itself loads the lexicons through loadPrompts.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Locale } from "../../i18n/locales.js";
import { projectRoot } from "../../project-root.js";
import { describeZodIssues, FileProblemsError } from "../../prompts/errors.js";
import { readYaml } from "../../prompts/load.js";
import { type CorpusFile, corpusFileSchema } from "./evaluate.js";
import { loadRiskScreen } from "./load.js";
import type { RiskScreen } from "./screen.js";

export const lexiconDir = join(projectRoot, "prompts", "safety", "lexicon");
export const corpusDir = join(projectRoot, "tests", "safety", "corpus");
export const riskModelPath = join(projectRoot, "prompts", "safety", "risk-model.json");

/**
 * The screen built from prompts/safety/lexicon/ and prompts/safety/risk-model.json; throws
 * FileProblemsError listing every problem. With `partial` (review scripts only), bad lexicon files
 * are reported on stderr and left out.
 */
export function loadShippedScreen(
  dir: string = lexiconDir,
  options: { partial?: boolean; modelPath?: string | null } = {},
): RiskScreen {
  const problems: string[] = [];
  const screen = loadRiskScreen(dir, projectRoot, problems, options);
  if (!screen || (problems.length > 0 && !options.partial)) throw new FileProblemsError(problems);
  if (problems.length > 0) console.error(`Left out, with problems:\n${problems.map((p) => `  ${p}`).join("\n")}\n`);
  return screen;
}

/** One corpus file, or undefined if it is not there yet; throws on a malformed one. */
export function loadCorpus(locale: Locale, set: "dev" | "heldout", dir: string = corpusDir): CorpusFile | undefined {
  const path = set === "dev" ? join(dir, `${locale}.yaml`) : join(dir, "heldout", `${locale}.yaml`);
  if (!existsSync(path)) return undefined;
  const problems: string[] = [];
  const raw = readYaml(path, path, problems);
  if (raw === undefined) throw new FileProblemsError(problems);
  const parsed = corpusFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new FileProblemsError(describeZodIssues(parsed.error).map((line) => `${path}: ${line}`));
  }
  return parsed.data;
}
