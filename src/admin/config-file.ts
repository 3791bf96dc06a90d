/**
 * Reads and checks practice.yaml, with every custom check-in file it names, before anything is
 * applied. Every problem in every file is collected in one pass, each as `file: key.path: problem`
 * in the file's own key names, so one run tells a practice everything it has to fix: a section that
 * is right on its own is checked further (its check-in files, its default check-in) even when
 * another section is wrong. Nothing is changed while any problem remains.
 */
import { dirname, resolve } from "node:path";
import type { z } from "zod";
import type { CheckinFile } from "../prompts/checkin-schema.js";
import { describeZodIssues, FileProblemsError } from "../prompts/errors.js";
import { loadCheckinFile, readYaml } from "../prompts/load.js";
import { plainWording } from "../prompts/plain-wording.js";
import { type PracticeConfig, practiceConfigSchema } from "./config-schema.js";

export interface LoadedPracticeConfig {
  /** The file as given (used in messages). */
  label: string;
  config: PracticeConfig;
  /** The practice's own check-in definitions, validated like the built-in ones. */
  customCheckins: CheckinFile[];
}

export interface PracticeConfigCheck {
  label: string;
  /** Every problem in the file and the check-in files it names; empty when it can be applied. */
  problems: string[];
  /** The checked file, when it has no problems. */
  loaded?: LoadedPracticeConfig;
  /** Read even from a file with problems, so the checks against the database run in the same pass. */
  practiceName?: string;
  /** escalation.backups by position; an entry that is not an alias is undefined. */
  backups?: (string | undefined)[];
}

const sections = practiceConfigSchema.shape;

/** Checks `path` against the built-in check-ins (`builtIn`) and reports everything found. */
export function checkPracticeConfig(path: string, builtIn: ReadonlyMap<string, CheckinFile>): PracticeConfigCheck {
  const label = path;
  const problems: string[] = [];
  const raw = readYaml(path, label, problems);
  if (raw === undefined) return { label, problems };
  const input = raw ?? {};
  const parsed = practiceConfigSchema.safeParse(input, { error: plainWording });
  if (!parsed.success) problems.push(...describeZodIssues(parsed.error).map((p) => `${label}: ${p}`));

  const checkins = parsed.success ? parsed.data.checkins : validPart(sections.checkins, fieldOf(input, "checkins"));
  const customCheckins = checkins ? loadCustomCheckins(path, checkins, builtIn, problems) : [];
  const practiceName = validPart(sections.practice.shape.name, fieldOf(fieldOf(input, "practice"), "name"));
  const backups = aliasesOf(fieldOf(fieldOf(input, "escalation"), "backups"));
  const found = {
    label,
    problems,
    ...(practiceName === undefined ? {} : { practiceName }),
    ...(backups ? { backups } : {}),
  };
  if (!parsed.success || problems.length > 0) return found;
  return { ...found, loaded: { label, config: parsed.data, customCheckins } };
}

/** Loads `path` and throws FileProblemsError listing every problem found (no database checks). */
export function loadPracticeConfig(path: string, builtIn: ReadonlyMap<string, CheckinFile>): LoadedPracticeConfig {
  const check = checkPracticeConfig(path, builtIn);
  if (!check.loaded) throw new FileProblemsError(check.problems);
  return check.loaded;
}

/** The practice's own check-in files, each checked in full; also checks that the default exists. */
function loadCustomCheckins(
  path: string,
  checkins: PracticeConfig["checkins"],
  builtIn: ReadonlyMap<string, CheckinFile>,
  problems: string[],
): CheckinFile[] {
  const label = path;
  const customCheckins: CheckinFile[] = [];
  const known = new Map<string, string>([...builtIn.keys()].map((id) => [id, "a built-in check-in"]));
  // Ids of files with problems of their own: a default naming one is already reported there.
  const broken = new Set<string>();
  // Prompts may already hold this file's check-ins (loaded at start-up): the same definition is no clash.
  const sameAsLoaded = (checkin: CheckinFile) => JSON.stringify(builtIn.get(checkin.id)) === JSON.stringify(checkin);
  checkins.custom.forEach((relative, index) => {
    const file = resolve(dirname(resolve(path)), relative);
    const before = problems.length;
    const checkin = loadCheckinFile(file, problems, relative);
    if (!checkin || problems.length > before) {
      const id = fieldOf(readYaml(file, relative, []), "id");
      if (typeof id === "string") broken.add(id);
      return;
    }
    const clash = known.get(checkin.id);
    if (clash && !(clash === "a built-in check-in" && sameAsLoaded(checkin))) {
      problems.push(`${label}: checkins.custom.${index}: check-in id "${checkin.id}" is already used by ${clash}`);
      return;
    }
    known.set(checkin.id, relative);
    customCheckins.push(checkin);
  });
  if (!known.has(checkins.default) && !broken.has(checkins.default)) {
    problems.push(
      `${label}: checkins.default: no check-in called "${checkins.default}" (known: ${[...known.keys()].join(", ")})`,
    );
  }
  return customCheckins;
}

function fieldOf(value: unknown, key: string): unknown {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/** The backup aliases as written, even in a list with other problems (a repeat, a number). */
function aliasesOf(value: unknown): (string | undefined)[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.map((alias) => (typeof alias === "string" && alias.trim() !== "" ? alias.trim() : undefined));
}

/** A part of the file that is valid on its own, or undefined (its problems are already reported). */
function validPart<T extends z.ZodType>(schema: T, value: unknown): z.output<T> | undefined {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The prompts with the practice's own check-ins added (from the practice.yaml at `configPath`), so
 * clients can be given them; the built-in ones stay. Without a config file, the prompts as they are.
 */
export function withPracticeCheckins<T extends { checkins: Map<string, CheckinFile> }>(
  prompts: T,
  configPath: string | undefined,
): T {
  if (!configPath) return prompts;
  const loaded = loadPracticeConfig(configPath, prompts.checkins);
  if (loaded.customCheckins.length === 0) return prompts;
  const checkins = new Map(prompts.checkins);
  for (const checkin of loaded.customCheckins) checkins.set(checkin.id, checkin);
  return { ...prompts, checkins };
}
