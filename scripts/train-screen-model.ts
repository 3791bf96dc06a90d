/**
 * Trains the risk model (src/safety/screen/model.ts) on the development corpus and writes
 * prompts/safety/risk-model.json, printing the cross-validated numbers for rules alone, the model
 * alone and rules OR model, per language, and whether the model is switched on.
 *
 *   npm run screen:train                 retrain and write the model file
 *   npm run screen:train -- --check      retrain and fail if the committed file differs
 *
 * Deterministic: the same corpus, lexicons and code always give the same file. No sentence is
 * printed, only counts.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { relative } from "node:path";
import { parseArgs } from "node:util";
import { projectRoot } from "../src/project-root.js";
import { corpusDir, lexiconDir, riskModelPath } from "../src/safety/screen/corpus-files.js";
import { percent } from "../src/safety/screen/evaluate.js";
import { modelDifferences, modelFileText, type Rates, trainFromFiles } from "../src/safety/screen/train.js";

const { values } = parseArgs({
  options: {
    check: { type: "boolean", default: false },
    corpus: { type: "string", default: corpusDir },
    lexicons: { type: "string", default: lexiconDir },
    model: { type: "string", default: riskModelPath },
  },
  strict: true,
});

const started = Date.now();
const result = trainFromFiles(values.corpus, values.lexicons);
const cell = (r: Rates) => [percent(r.explicit), percent(r.indirect), percent(r.falsePositives)];
const widths = [5, 14, 20, 20, 20];
const line = (cells: string[]) => cells.map((c, at) => c.padEnd(widths[at] ?? 0)).join(" ");
console.log(`Risk model v${result.file.version}: ${Object.keys(result.file.weights).length} weights`);
console.log(`Cross-validated (${result.folds} folds) on the development corpus; threshold ${result.file.threshold}\n`);
console.log(line(["lang", "screen", "explicit recall", "indirect recall", "false positives"]));
for (const row of [...result.table, { locale: "all", ...result.totals }]) {
  console.log(line([row.locale, "rules", ...cell(row.rules)]));
  console.log(line(["", "model", ...cell(row.model)]));
  console.log(line(["", "rules OR model", ...cell(row.both)]));
}
console.log(`\n${result.decision}`);
console.log("(rules are measured on the corpus they were tuned on; the model only on folds it did not see)");
const path = values.model;
const label = relative(projectRoot, path);
if (values.check) {
  let committed: string | undefined;
  try {
    committed = readFileSync(path, "utf8");
  } catch {
    committed = undefined;
  }
  const differences = modelDifferences(committed, result);
  if (differences.length > 0) {
    console.error(`\n${label} differs from a fresh training run (npm run screen:train to rewrite it):`);
    for (const d of differences) console.error(`  ${d}`);
    process.exit(1);
  }
  console.log(`\n${label} matches a fresh training run (${((Date.now() - started) / 1000).toFixed(1)} s)`);
} else {
  writeFileSync(path, modelFileText(result.file));
  console.log(`\nwrote ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
