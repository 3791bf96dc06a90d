/**
 * Screens every word of each language's word list on its own and shows the ones the screen flags,
 * against the reviewed list in tests/safety/wordlist/<lang>.txt.
 *
 *   npm run screen:wordlist -- --lang en           what changed against the reviewed list
 *   npm run screen:wordlist -- --lang en --all     every flagged word
 *   npm run screen:wordlist -- --lang en --write   record the current list as reviewed
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { type Locale, locales } from "../src/i18n/locales.js";
import { loadShippedScreen } from "../src/safety/screen/corpus-files.js";
import { flaggedWords, readWordList, wordlistReviewDir } from "../src/safety/screen/wordlist.js";

const { values } = parseArgs({
  options: {
    lang: { type: "string" },
    all: { type: "boolean", default: false },
    write: { type: "boolean", default: false },
  },
  strict: true,
});
if (values.lang !== undefined && !(locales as readonly string[]).includes(values.lang)) {
  console.error(`--lang takes one of ${locales.join(", ")}, not "${values.lang}"`);
  process.exit(2);
}
const screen = loadShippedScreen(undefined, { partial: true });
for (const locale of values.lang ? [values.lang as Locale] : [...locales]) {
  const words = readWordList(locale);
  const flagged = flaggedWords(screen, words);
  const file = join(wordlistReviewDir, `${locale}.txt`);
  const reviewed = existsSync(file)
    ? readFileSync(file, "utf8")
        .split("\n")
        .filter((l) => l !== "")
    : [];
  const before = new Set(reviewed);
  const now = new Set(flagged);
  const added = flagged.filter((l) => !before.has(l));
  const removed = reviewed.filter((l) => !now.has(l));
  console.log(
    `${locale}: ${flagged.length} of ${words.length} words flagged alone; ${added.length} new, ${removed.length} no longer flagged`,
  );
  for (const line of values.all ? flagged : added) console.log(`  ${values.all ? "" : "+ "}${line}`);
  if (!values.all) for (const line of removed) console.log(`  - ${line}`);
  if (values.write) {
    mkdirSync(wordlistReviewDir, { recursive: true });
    writeFileSync(file, flagged.length > 0 ? `${flagged.join("\n")}\n` : "");
    console.log(`  recorded ${file}`);
  }
}
