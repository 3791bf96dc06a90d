/**
 * Reads and checks practice.yaml, with every custom check-in file it names, before anything is
 * applied. Every problem in every file is collected, each as `file: path: problem`, so one run tells a
 * practice everything it has to fix; nothing is changed while any problem remains.
 */
import { dirname, resolve } from "node:path";
import type { CheckinFile } from "../prompts/checkin-schema.js";
import { describeZodIssues, FileProblemsError } from "../prompts/errors.js";
import { loadCheckinFile, readYaml } from "../prompts/load.js";
import { type PracticeConfig, practiceConfigSchema, scheduleInputOf } from "./config-schema.js";

export interface LoadedPracticeConfig {
  /** The file as given (used in messages). */
  label: string;
  config: PracticeConfig;
  /** The practice's own check-in definitions, validated like the built-in ones. */
  customCheckins: CheckinFile[];
}

/**
 * Loads `path` and checks it against the built-in check-ins (`builtIn`); throws FileProblemsError
 * listing every problem found.
 */
export function loadPracticeConfig(path: string, builtIn: ReadonlyMap<string, CheckinFile>): LoadedPracticeConfig {
  const label = path;
  const problems: string[] = [];
  const raw = readYaml(path, label, problems);
  if (raw === undefined) throw new FileProblemsError(problems);
  const parsed = practiceConfigSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new FileProblemsError(describeZodIssues(parsed.error).map((p) => `${label}: ${p}`));
  }
  const config = parsed.data;

  if (config.schedule) {
    const schedule = scheduleInputOf(config.schedule);
    if (!schedule.success) {
      problems.push(...describeZodIssues(schedule.error).map((p) => `${label}: schedule.${p}`));
    }
  }
  const customCheckins: CheckinFile[] = [];
  const known = new Map<string, string>([...builtIn.keys()].map((id) => [id, "a built-in check-in"]));
  // Prompts may already hold this file's check-ins (loaded at start-up): the same definition is no clash.
  const sameAsLoaded = (checkin: CheckinFile) => JSON.stringify(builtIn.get(checkin.id)) === JSON.stringify(checkin);
  config.checkins.custom.forEach((relative, index) => {
    const file = resolve(dirname(resolve(path)), relative);
    const before = problems.length;
    const checkin = loadCheckinFile(file, problems, relative);
    if (!checkin || problems.length > before) return;
    const clash = known.get(checkin.id);
    if (clash && !(clash === "a built-in check-in" && sameAsLoaded(checkin))) {
      problems.push(`${label}: checkins.custom.${index}: check-in id "${checkin.id}" is already used by ${clash}`);
      return;
    }
    known.set(checkin.id, relative);
    customCheckins.push(checkin);
  });
  if (!known.has(config.checkins.default)) {
    problems.push(
      `${label}: checkins.default: no check-in called "${config.checkins.default}" (known: ${[...known.keys()].join(", ")})`,
    );
  }
  const seen = new Set<string>();
  config.escalation.backups.forEach((alias, index) => {
    if (seen.has(alias)) problems.push(`${label}: escalation.backups.${index}: "${alias}" is listed twice`);
    seen.add(alias);
  });
  if (problems.length > 0) throw new FileProblemsError(problems);
  return { label, config, customCheckins };
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
