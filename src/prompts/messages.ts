/**
 * The message catalogue: one flat table of `key -> text` per locale, checked when loaded.
 *
 * English must hold every key in `messageKeys`; the other locales may miss keys (they fall back to
 * English, and `missingKeys()` lists them so a test can insist on completeness) but may not invent
 * keys or change a message's {placeholders}, since either would show a client a broken sentence.
 */
import { type Locale, locales, referenceLocale } from "../i18n/locales.js";
import { type MessageKey, messageKeys } from "./message-keys.js";

export type MessageTable = Partial<Record<MessageKey, string>>;
export type Placeholders = Record<string, string | number>;

const placeholderPattern = /\{([a-z_]+)\}/g;

export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(placeholderPattern)].map((m) => m[1] as string).sort();
}

/** Flattens a parsed YAML tree into dotted keys; anything that is not a string is reported. */
export function flattenMessages(tree: unknown, problems: string[], prefix = ""): Map<string, string> {
  const flat = new Map<string, string>();
  if (tree === null || typeof tree !== "object" || Array.isArray(tree)) {
    problems.push(`${prefix === "" ? "(root)" : prefix.slice(0, -1)}: expected a mapping of message keys`);
    return flat;
  }
  for (const [key, value] of Object.entries(tree)) {
    const path = `${prefix}${key}`;
    if (typeof value === "string") flat.set(path, value);
    else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      for (const [k, v] of flattenMessages(value, problems, `${path}.`)) flat.set(k, v);
    } else problems.push(`${path}: expected text, got ${Array.isArray(value) ? "a list" : typeof value}`);
  }
  return flat;
}

/** Checks one locale's flattened table against the rules above; returns the problems found. */
export function checkMessageTable(
  locale: Locale,
  flat: Map<string, string>,
  reference: MessageTable | undefined,
): string[] {
  const problems: string[] = [];
  const known = new Set<string>(messageKeys);
  for (const [key, text] of flat) {
    if (!known.has(key)) problems.push(`${key}: unknown message key`);
    else if (text.trim() === "") problems.push(`${key}: must not be empty`);
  }
  if (locale === referenceLocale) {
    for (const key of messageKeys)
      if (!flat.has(key)) problems.push(`${key}: missing (English must define every message)`);
    return problems;
  }
  for (const [key, text] of flat) {
    const english = reference?.[key as MessageKey];
    if (english === undefined) continue;
    const want = placeholdersOf(english).join(", ");
    const got = placeholdersOf(text).join(", ");
    if (want !== got) problems.push(`${key}: placeholders {${got}} differ from English {${want}}`);
  }
  return problems;
}

export class Messages {
  constructor(private readonly tables: Record<Locale, MessageTable>) {}

  /** The text for `key` in `locale` (English if that locale lacks it), placeholders filled in. */
  t(locale: Locale, key: MessageKey, values: Placeholders = {}): string {
    const template = this.tables[locale][key] ?? this.tables[referenceLocale][key] ?? key;
    return template.replace(placeholderPattern, (whole, name: string) =>
      name in values ? String(values[name]) : whole,
    );
  }

  /** Keys a locale falls back to English for: empty when every translation is complete. */
  missingKeys(locale: Locale): MessageKey[] {
    return messageKeys.filter((key) => this.tables[locale][key] === undefined);
  }

  static get locales(): readonly Locale[] {
    return locales;
  }
}
