/**
 * Understanding a typed answer where a button was expected. Clients type "4", "٤", "４", "4/5",
 * "mostly" or "四"; each should count, but only when it points at exactly one option. Anything unclear
 * is re-asked rather than guessed: a wrong score is worse than a missing one.
 */
import { locales } from "../i18n/locales.js";
import type { Scale, ScaleOption } from "../prompts/checkin-schema.js";

/** Format characters (zero-width spaces and joiners, bidi controls, soft hyphens) and the grapheme joiner. */
const invisible = /\p{Cf}|\u034F/gu;
const decimalDigit = /\p{Nd}/u;

/** Value of any Unicode decimal digit: Unicode lays each script's digits out as a run 0..9. */
function digitValue(char: string): number {
  const code = char.codePointAt(0) as number;
  let start = code;
  while (start > 0 && code - start < 100 && decimalDigit.test(String.fromCodePoint(start - 1))) start -= 1;
  return (code - start) % 10;
}

/** Case-folded, width-folded, without invisible characters or surrounding punctuation. */
export function normalizeTyped(text: string): string {
  const folded = text.normalize("NFKC").replace(invisible, "").toLowerCase();
  const asciiDigits = [...folded].map((c) => (decimalDigit.test(c) ? String(digitValue(c)) : c)).join("");
  return asciiDigits
    .replace(/\s+/g, " ")
    .replace(/^[\s"'“”‘’«»「」『』(（[]+|[\s"'“”‘’«»「」『』)）\].!。！,，;；:：?？~～]+$/gu, "")
    .trim();
}

function wordsFor(option: ScaleOption): string[] {
  const words: string[] = [];
  for (const locale of locales) {
    const button = option.button[locale];
    const label = option.label[locale];
    if (button) words.push(button);
    if (label) words.push(label);
    words.push(...(option.also?.[locale] ?? []));
  }
  return words.map(normalizeTyped).filter((w) => w !== "");
}

/**
 * The one option a typed answer means, or undefined when it means none or more than one.
 * On numbered scales a number matches an option's value, and "4/5", "4 of 5", "4 av 5" mean 4 when 5
 * is the scale's top.
 */
export function matchTypedAnswer(text: string, scale: Scale): ScaleOption | undefined {
  const typed = normalizeTyped(text);
  if (typed === "") return undefined;

  const top = Math.max(...scale.options.map((o) => o.value));
  const outOf = /^(\d{1,3})\s*(?:\/|of|av|out of|分之)\s*(\d{1,3})$/.exec(typed);
  if (outOf && Number(outOf[2]) !== top) return undefined;
  const number = outOf ? outOf[1] : /^\d{1,3}$/.test(typed) ? typed : undefined;
  // Numbers count only on numbered scales: on yes/no, "1" is not obviously "yes".
  const numbered = scale.options.every((o) => /^\d+$/.test(o.button.en));
  if (number !== undefined && numbered) {
    const byValue = scale.options.filter((o) => o.value === Number(number));
    if (byValue.length === 1) return byValue[0];
  }

  const byWord = scale.options.filter((option) => wordsFor(option).includes(typed));
  return byWord.length === 1 ? byWord[0] : undefined;
}
