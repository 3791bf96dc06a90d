/**
 * Aliases must never be real names, but the database cannot tell; this catches the obvious slips and
 * says why. The CLI only warns ("Oak Tree" is a fine pseudonym an administrator may insist on); a
 * clinician's `/invite` in chat refuses, since nobody reviews what a chat stored. An alias looks like
 * a name when it has
 *   - two or more capitalised words ("Anna Svensson", "Mary-Jane Watson"), or
 *   - a word that is a common given name in English, Swedish or Chinese pinyin ("anna-7", "Wei"), or
 *   - two or three Han characters starting with a common Chinese surname ("王芳").
 */
import { commonChineseSurnames, commonGivenNames } from "./common-given-names.js";

const givenNames = new Set(Object.values(commonGivenNames).flat());
const capitalised = /^\p{Lu}\p{Ll}+$/u;
const hanName = new RegExp(`^[${commonChineseSurnames}]\\p{Script=Han}{1,2}$`, "u");

/** Why an alias looks like a name, as a code each caller words in its own language. */
export type NameLikeReason = "chinese_name" | "capitalised_words" | "given_name";

const reasonWords: Record<NameLikeReason, string> = {
  chinese_name: "it looks like a Chinese name (a common surname and a given name)",
  capitalised_words: "it has two or more capitalised words",
  given_name: "a word of it is a common first name",
};

/** Why `alias` looks like a real name, or undefined when it does not. */
export function nameLikeReason(alias: string): NameLikeReason | undefined {
  const trimmed = alias.trim().normalize("NFC");
  if (hanName.test(trimmed)) return "chinese_name";
  const words = trimmed.split(/[\s._-]+/u).filter((w) => w.length > 0);
  if (words.filter((w) => capitalised.test(w)).length >= 2) return "capitalised_words";
  if (words.some((w) => givenNames.has(w.toLowerCase()))) return "given_name";
  return undefined;
}

/** Why `alias` looks like a real name, in English words, or undefined when it does not. */
export function nameLikeAlias(alias: string): string | undefined {
  const reason = nameLikeReason(alias);
  // The word is not repeated: stderr may end up in a log, and a name must never reach one.
  return reason ? reasonWords[reason] : undefined;
}
