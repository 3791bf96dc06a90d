/**
 * Loads and validates everything under prompts/: the message catalogue for every locale and the
 * check-in definitions. Every problem in every file is collected before failing, so one start-up
 * attempt tells a practice everything it has to fix.
 */
import { readdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { z } from "zod";
import { type Locale, locales, referenceLocale } from "../i18n/locales.js";
import type { CrisisResource } from "../practice/settings.js";
import { projectRoot } from "../project-root.js";
import { crisisResourceFileSchema } from "../safety/crisis-resources.js";
import { type LexiconFile, lexiconFileSchema } from "../safety/screen/lexicon-schema.js";
import { RiskModel, riskModelFileSchema } from "../safety/screen/model.js";
import { LexiconProblems, RiskScreen } from "../safety/screen/screen.js";
import { NotUtf8Error, readUtf8File } from "../text/utf8-file.js";
import { type CheckinFile, checkinFileSchema } from "./checkin-schema.js";
import { describeZodIssues, FileProblemsError } from "./errors.js";
import type { MessageKey } from "./message-keys.js";
import { checkMessageTable, flattenMessages, Messages, type MessageTable } from "./messages.js";
import { plainWording } from "./plain-wording.js";
import { parseYamlText } from "./yaml-problems.js";

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
  const parsed = schema.safeParse(raw, { error: plainWording });
  if (!parsed.success) {
    problems.push(...describeZodIssues(parsed.error).map((p) => `${label}: ${p}`));
    return undefined;
  }
  return parsed.data;
}

/**
 * Reads and parses a YAML file; on failure adds `label: (file): problem` (or, for each syntax error,
 * `label: line L, column C: …` with the line and a caret) and returns undefined.
 */
export function readYaml(path: string, label: string, problems: string[]): unknown {
  let text: string;
  try {
    text = readUtf8File(path);
  } catch (error) {
    problems.push(unreadable(label, error));
    return undefined;
  }
  return parseYamlText(text, label, problems);
}

/** `label: line N: not valid UTF-8` (never read with replaced bytes), or `label: (file): cannot be read (CODE)`. */
function unreadable(label: string, error: unknown): string {
  if (error instanceof NotUtf8Error) return `${label}: ${error.message}`;
  return `${label}: (file): cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`;
}

/** Validates one check-in file; returns it, or adds `file: path: problem` lines. */
export function loadCheckinFile(path: string, problems: string[], label = path): CheckinFile | undefined {
  const raw = readYaml(path, label, problems);
  if (raw === undefined) return undefined;
  const parsed = checkinFileSchema.safeParse(raw, { error: plainWording });
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
