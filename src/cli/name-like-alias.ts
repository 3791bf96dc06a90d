/**
 * Aliases must never be real names, but the database cannot tell; this catches the obvious slips and
 * says why, so the CLI can warn (it never refuses: "Oak Tree" is a fine pseudonym). An alias looks
 * like a name when it has
 *   - two or more capitalised words ("Anna Svensson", "Mary-Jane Watson"), or
 *   - a word that is a common given name in English, Swedish or Chinese pinyin ("anna-7", "Wei"), or
 *   - two or three Han characters starting with a common Chinese surname ("王芳").
 */
import { commonChineseSurnames, commonGivenNames } from "./common-given-names.js";

const givenNames = new Set(Object.values(commonGivenNames).flat());
const capitalised = /^\p{Lu}\p{Ll}+$/u;
const hanName = new RegExp(`^[${commonChineseSurnames}]\\p{Script=Han}{1,2}$`, "u");

/** Why `alias` looks like a real name, or undefined when it does not. */
export function nameLikeAlias(alias: string): string | undefined {
  const trimmed = alias.trim().normalize("NFC");
  if (hanName.test(trimmed)) return "it looks like a Chinese name (a common surname and a given name)";
  const words = trimmed.split(/[\s._-]+/u).filter((w) => w.length > 0);
  if (words.filter((w) => capitalised.test(w)).length >= 2) return "it has two or more capitalised words";
  // The word is not repeated: stderr may end up in a log, and a name must never reach one.
  if (words.some((w) => givenNames.has(w.toLowerCase()))) return "a word of it is a common first name";
  return undefined;
}

const remedies = {
  client: 'erase the client (client erase ID) and add them again under a pseudonym such as "Oak-7"',
  therapist: 'deactivate the therapist (therapist deactivate ID) and add them again under an alias such as "T-Lind"',
} as const;

/** The warning `client add` / `therapist add` print for a name-like alias (the alias itself is not repeated). */
export function aliasWarning(alias: string, who: keyof typeof remedies): string | undefined {
  const reason = nameLikeAlias(alias);
  return reason
    ? `warning: --alias looks like a real name (${reason}). Aliases must never be names; if this is one, ${remedies[who]}.`
    : undefined;
}
