/**
 * Reads and validates the texts under prompts/: the message catalogue for every locale and the
 * check-in definitions. Every problem in every file is collected before failing, so one start-up
 * attempt tells a practice everything it has to fix. The safety files beside them (lexicons, risk
 * model, example crisis resources) are read by safety/safety-prompts.ts with these helpers: this
 * layer sits below the safety code, which uses its messages, so it builds no safety objects itself.
 */
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import type { z } from "zod";
import { type Locale, locales, referenceLocale } from "../i18n/locales.js";
import { projectRoot } from "../project-root.js";
import { NotUtf8Error, readUtf8File } from "../text/utf8-file.js";
import { type CheckinFile, checkinFileSchema } from "./checkin-schema.js";
import { describeZodIssues } from "./errors.js";
import type { MessageKey } from "./message-keys.js";
import { checkMessageTable, flattenMessages, Messages, type MessageTable } from "./messages.js";
import { plainWording } from "./plain-wording.js";
import { parseYamlText } from "./yaml-problems.js";

export const defaultPromptsDir = join(projectRoot, "prompts");

/** The messages and check-ins: what every part that talks to people reads. */
export interface Prompts {
  messages: Messages;
  checkins: Map<string, CheckinFile>;
}

/** Reads and validates one YAML file against a schema; adds `file: path: problem` lines on failure. */
export function loadValidated<T>(path: string, root: string, schema: z.ZodType<T>, problems: string[]): T | undefined {
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
export function unreadable(label: string, error: unknown): string {
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

/**
 * Reads the messages and check-ins under `dir` (a prompts folder; `root` is what problems are named
 * relative to), adding `file: path: problem` lines for every bad file.
 */
export function readPromptTexts(dir: string, root: string, problems: string[]): Prompts {
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
  return { messages, checkins };
}
