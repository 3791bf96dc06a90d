/**
 * Prints how the risk screen does on the labelled corpus, for the clinician who reviews the lexicon:
 * recall per language and category (explicit and indirect disclosures apart) and the false-positive
 * rate on everyday sentences, for the development corpus and the held-out one; for the lexicons
 * alone and for lexicons + risk model (prompts/safety/risk-model.json), so each one's share shows.
 *
 *   npm run screen:report                      every language, summary table
 *   npm run screen:report -- --lang sv         one language, per category
 *   npm run screen:report -- --lang sv --misses   …and every missed or falsely flagged sentence
 *   npm run screen:report -- --heldout         also the held-out corpus (totals only)
 *
 * The held-out corpus measures how the lexicon does on sentences nobody tuned it on, so it is shown
 * only when asked for, and never sentence by sentence: whoever is editing a lexicon should not look.
 */
import { parseArgs } from "node:util";
import { type Locale, locales } from "../src/i18n/locales.js";
import { loadCorpus, loadShippedScreen } from "../src/safety/screen/corpus-files.js";
import { type Evaluation, evaluate, falsePositives, percent } from "../src/safety/screen/evaluate.js";
import { riskCategories } from "../src/safety/screen/lexicon-schema.js";
import { ruleOf } from "../src/safety/screen/screen.js";

const { values } = parseArgs({
  options: {
    lang: { type: "string" },
    misses: { type: "boolean", default: false },
    heldout: { type: "boolean", default: false },
  },
  strict: true,
});
if (values.lang !== undefined && !(locales as readonly string[]).includes(values.lang)) {
  console.error(`--lang takes one of ${locales.join(", ")}, not "${values.lang}"`);
  process.exit(2);
}
const languages = values.lang ? [values.lang as Locale] : [...locales];
const screen = loadShippedScreen(undefined, { partial: true });
const model = screen.model;
const modelLabel = model ? `+model${model.enabled ? "" : " (off)"}` : "";
console.log(
  `Risk screen, lexicons ${screen.version}; ${
    model
      ? `risk model v${model.version}, threshold ${model.threshold}, ${model.enabled ? "switched on" : "switched off (rows show what it would add)"}`
      : "no risk model"
  }\n`,
);
if (model) {
  console.log(
    "On the development corpus the lexicon+model rows are in-sample (the model was trained on it);\n" +
      "npm run screen:train prints the cross-validated numbers.\n",
  );
}
const widths = [5, 8, 22, 20, 20, 20, 16];
console.log(
  pad(
    ["lang", "corpus", "screen", "explicit recall", "indirect recall", "false positives", "mentions flagged"],
    widths,
  ),
);
const evaluations: Array<{ locale: Locale; set: string; evaluation: Evaluation }> = [];
for (const locale of languages) {
  for (const set of values.heldout ? (["dev", "heldout"] as const) : (["dev"] as const)) {
    const corpus = loadCorpus(locale, set);
    if (!corpus) {
      console.log(pad([locale, set, "(no corpus file)"], [5, 8, 20]));
      continue;
    }
    const evaluation = evaluate(screen, corpus, { model: false });
    evaluations.push({ locale, set, evaluation });
    const rows: Array<[string, Evaluation]> = [["lexicon", evaluation]];
    if (model) rows.push([`lexicon${modelLabel}`, evaluate(screen, corpus, { model: true })]);
    for (const [label, e] of rows) {
      const mentions = e.everyday.get("mention") ?? { total: 0, caught: 0 };
      console.log(
        pad(
          [
            label === "lexicon" ? locale : "",
            label === "lexicon" ? set : "",
            label,
            percent(e.explicit),
            percent(e.indirect),
            percent(falsePositives(e)),
            percent(mentions),
          ],
          widths,
        ),
      );
    }
  }
}

if (values.lang) {
  for (const { set, evaluation } of evaluations) {
    console.log(`\n${values.lang} ${set}: recall by category (lexicon alone)`);
    console.log(pad(["category", "explicit", "indirect"], [24, 20, 20]));
    for (const category of riskCategories) {
      const entry = evaluation.byCategory.get(category);
      if (!entry) continue;
      console.log(pad([category, percent(entry.explicit), percent(entry.indirect)], [24, 20, 20]));
    }
    console.log(pad(["everyday kind", "flagged"], [24, 20]));
    for (const [kind, tally] of evaluation.everyday) console.log(pad([kind, percent(tally)], [24, 20]));
    // The held-out corpus is for measuring only: its sentences are not shown, so nobody tunes on them.
    if (values.misses && set === "dev") {
      console.log(`\nMissed (${evaluation.missed.length}):`);
      for (const s of evaluation.missed) console.log(`  [${s.category}${s.explicit ? ", explicit" : ""}] ${s.text}`);
      console.log(`\nFlagged everyday sentences (${evaluation.falseAlerts.length}):`);
      for (const s of evaluation.falseAlerts) {
        const match = screen.screen(s.text, { model: false });
        console.log(`  [${s.kind}] ${s.text}   ← ${match ? ruleOf(match) : ""}`);
      }
    }
  }
}

function pad(cells: string[], widths: number[]): string {
  return cells.map((cell, at) => cell.padEnd(widths[at] ?? 0)).join(" ");
}
