/**
 * Loads and validates everything under prompts/: the message catalogue for every locale and the
 * check-in definitions. Every problem in every file is collected before failing, so one start-up
 * attempt tells a practice everything it has to fix.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { type Locale, locales, referenceLocale } from "../i18n/locales.js";
import type { CrisisResource } from "../practice/settings.js";
import { projectRoot } from "../project-root.js";
import { crisisResourceFileSchema } from "../safety/crisis-resources.js";
import { type LexiconFile, lexiconFileSchema } from "../safety/screen/lexicon-schema.js";
import { RiskModel, riskModelFileSchema } from "../safety/screen/model.js";
import { LexiconProblems, RiskScreen } from "../safety/screen/screen.js";
import { type CheckinFile, checkinFileSchema } from "./checkin-schema.js";
import { describeZodIssues, FileProblemsError } from "./errors.js";
import type { MessageKey } from "./message-keys.js";
import { checkMessageTable, flattenMessages, Messages, type MessageTable } from "./messages.js";

export const defaultPromptsDir = join(projectRoot, "prompts");

export interface Prompts {
  messages: Messages;
  checkins: Map<string, CheckinFile>;
  /** The risk screen built from the lexicons in safety/lexicon/ and the model in safety/risk-model.json. */
  riskScreen: RiskScreen;
  /** Example crisis resources (all unverified) for practices that configured none. */
  crisisExamples: CrisisResource[];
}

/** Reads and validates one YAML file against a schema; adds `file: path: problem` lines on failure. */
function loadValidated<T>(path: string, root: string, schema: z.ZodType<T>, problems: string[]): T | undefined {
  const label = relative(root, path);
  const raw = readYaml(path, label, problems);
  if (raw === undefined) return undefined;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    problems.push(...describeZodIssues(parsed.error).map((p) => `${label}: ${p}`));
    return undefined;
  }
  return parsed.data;
}

/** Reads and parses a YAML file; on failure adds `label: (file): problem` and returns undefined. */
export function readYaml(path: string, label: string, problems: string[]): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    problems.push(`${label}: (file): cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
    return undefined;
  }
  try {
    return parseYaml(text);
  } catch (error) {
    problems.push(`${label}: (file): not valid YAML: ${(error as Error).message.split("\n")[0]}`);
    return undefined;
  }
}

/** Validates one check-in file; returns it, or adds `file: path: problem` lines. */
export function loadCheckinFile(path: string, problems: string[], label = path): CheckinFile | undefined {
  const raw = readYaml(path, label, problems);
  if (raw === undefined) return undefined;
  const parsed = checkinFileSchema.safeParse(raw);
  if (!parsed.success) {
    problems.push(...describeZodIssues(parsed.error).map((p) => `${label}: ${p}`));
    return undefined;
  }
  return parsed.data;
}

function loadMessages(dir: string, root: string, problems: string[]): Messages {
  const tables = {} as Record<Locale, MessageTable>;
  // English first: the other locales are checked against it.
  for (const locale of [referenceLocale, ...locales.filter((l) => l !== referenceLocale)]) {
    const path = join(dir, `${locale}.yaml`);
    const label = relative(root, path);
    const raw = readYaml(path, label, problems);
    const fileProblems: string[] = [];
    const flat = raw === undefined ? new Map<string, string>() : flattenMessages(raw, fileProblems);
    if (raw !== undefined) fileProblems.push(...checkMessageTable(locale, flat, tables[referenceLocale]));
    problems.push(...fileProblems.map((p) => `${label}: ${p}`));
    tables[locale] = Object.fromEntries(flat) as Partial<Record<MessageKey, string>>;
  }
  return new Messages(tables);
}

/** Loads prompts from `dir` (default: the repository's prompts/); throws FileProblemsError if any is bad. */
export function loadPrompts(dir: string = defaultPromptsDir): Prompts {
  const root = resolve(dir, "..");
  const problems: string[] = [];
  const messages = loadMessages(join(dir, "messages"), root, problems);

  const checkins = new Map<string, CheckinFile>();
  const checkinDir = join(dir, "checkins");
  let files: string[] = [];
  try {
    files = readdirSync(checkinDir).filter((f) => f.endsWith(".yaml") || f.endsWith(".yml"));
  } catch {
    problems.push(`${relative(root, checkinDir)}: (folder): cannot be read`);
  }
  for (const file of files.sort()) {
    const path = join(checkinDir, file);
    const label = relative(root, path);
    const checkin = loadCheckinFile(path, problems, label);
    if (!checkin) continue;
    if (checkins.has(checkin.id)) problems.push(`${label}: id: check-in "${checkin.id}" is defined twice`);
    checkins.set(checkin.id, checkin);
  }
  const riskScreen = loadRiskScreen(join(dir, "safety", "lexicon"), root, problems);
  const examples = loadValidated(
    join(dir, "safety", "crisis-resources.example.yaml"),
    root,
    crisisResourceFileSchema,
    problems,
  );
  if (problems.length > 0 || !riskScreen || !examples) throw new FileProblemsError(problems);
  return { messages, checkins, riskScreen, crisisExamples: examples.resources };
}

/** The risk model file beside a lexicon folder: `<dir>/../risk-model.json`. */
export function riskModelPathFor(lexiconDir: string): string {
  return join(lexiconDir, "..", "risk-model.json");
}

/** Reads and validates the risk model file; adds `file: path: problem` lines on failure. */
export function loadRiskModel(path: string, root: string, problems: string[]): RiskModel | undefined {
  const label = relative(root, path);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    problems.push(
      code === undefined
        ? `${label}: (file): not valid JSON: ${(error as Error).message.split("\n")[0]}`
        : `${label}: (file): cannot be read (${code})`,
    );
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
