/**
 * Everything under prompts/ as the running service reads it: the messages and check-ins
 * (prompts/load.ts) and the safety files beside them, the risk screen built from the lexicons and the
 * model, and the example crisis resources. Read here rather than in prompts/ because the safety code
 * both builds these and uses the messages: the texts are the lower layer.
 */
import { join, resolve } from "node:path";
import type { CrisisResource } from "../practice/settings.js";
import { FileProblemsError } from "../prompts/errors.js";
import { defaultPromptsDir, loadValidated, type Prompts, readPromptTexts } from "../prompts/load.js";
import { crisisResourceFileSchema } from "./crisis-resources.js";
import { loadRiskScreen } from "./screen/load.js";
import type { RiskScreen } from "./screen/screen.js";

export interface SafetyPrompts extends Prompts {
  /** The risk screen built from the lexicons in safety/lexicon/ and the model in safety/risk-model.json. */
  riskScreen: RiskScreen;
  /** Example crisis resources (all unverified) for practices that configured none. */
  crisisExamples: CrisisResource[];
}

/** Loads prompts from `dir` (default: the repository's prompts/); throws FileProblemsError if any is bad. */
export function loadPrompts(dir: string = defaultPromptsDir): SafetyPrompts {
  const root = resolve(dir, "..");
  const problems: string[] = [];
  const texts = readPromptTexts(dir, root, problems);
  const riskScreen = loadRiskScreen(join(dir, "safety", "lexicon"), root, problems);
  const examples = loadValidated(
    join(dir, "safety", "crisis-resources.example.yaml"),
    root,
    crisisResourceFileSchema,
    problems,
  );
  if (problems.length > 0 || !riskScreen || !examples) throw new FileProblemsError(problems);
  return { ...texts, riskScreen, crisisExamples: examples.resources };
}
