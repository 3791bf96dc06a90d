/**
 * B5: the risk screen on long messages. Every client message is screened before anything else
 * happens, so the screen must stay far below the time a person notices: the target is a median under
 * 1 ms for a 4,096-character message (Telegram's limit), in each language and in the worst case for
 * the matcher (text dense with words that start patterns or exclusions but complete none). The
 * reference column also shows normalising alone, the floor any screen pays, and the lexicons alone.
 * The screen is measured with the risk model scored (as when it is switched on), whether or not the
 * shipped model file has it on, so its cost is always in the number. The texts are the corpus's
 * everyday sentences, joined until 4,096 characters.
 */

import type { Locale } from "../src/i18n/locales.js";
import { normaliseForScreening } from "../src/safety/normalise.js";
import { loadCorpus, loadShippedScreen } from "../src/safety/screen/corpus-files.js";
import type { RiskScreen } from "../src/safety/screen/screen.js";
import type { BenchRow } from "./scheduling.bench.js";

const length = 4096;
const rounds = 301;
const budgetMs = 1;

/**
 * A 4,096-character message of different sentences, none of which alerts on its own, so the screen
 * has to read the whole of it (a match would end the scan early and flatter the number), and words
 * do not repeat the way a pasted paragraph would. The sentences are the corpus's everyday ones.
 */
function noteOf(sentences: readonly string[], screen: RiskScreen): string {
  let note = "";
  for (let round = 0; note.length < length; round++) {
    for (const sentence of sentences) {
      // From the second round on, a number keeps the words of a repeated sentence from being the same.
      const line = round === 0 ? sentence : `${sentence} (${round})`;
      if (screen.screen(line) === undefined && screen.screen(`${note} ${line}`.slice(-600)) === undefined) {
        note += `${line} `;
      }
      if (note.length >= length) break;
    }
  }
  return note.slice(0, length);
}

function texts(screen: RiskScreen): Array<{ id: string; what: string; text: string }> {
  const everyday = (locale: Locale, kinds: readonly string[]) =>
    (loadCorpus(locale, "dev")?.everyday ?? []).filter((e) => kinds.includes(e.kind)).map((e) => e.text);
  const ordinary = ["ordinary", "clinical", "idiom", "substring"];
  const tricky = ["idiom", "substring"];
  const interleaved = (lists: string[][]) =>
    Array.from({ length: Math.max(...lists.map((l) => l.length)) }, (_, at) => lists.map((l) => l[at]))
      .flat()
      .filter((t): t is string => t !== undefined);
  return [
    { id: "B5a", what: "English check-in note", text: noteOf(everyday("en", ordinary), screen) },
    { id: "B5b", what: "Swedish check-in note", text: noteOf(everyday("sv", ordinary), screen) },
    { id: "B5c", what: "Chinese check-in note", text: noteOf(everyday("zh", ordinary), screen) },
    {
      id: "B5d",
      what: "worst case: idioms and near-misses of all three languages, no match",
      text: noteOf(interleaved([everyday("en", tricky), everyday("sv", tricky), everyday("zh", tricky)]), screen),
    },
  ];
}

/**
 * The median time of each of `runs`, measured in turns (one of each per round) rather than one after
 * the other, so a slow spell of this shared machine falls on all of them alike and the comparison
 * between them stays fair.
 */
function mediansMs(runs: ReadonlyArray<() => void>): number[] {
  const times = runs.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    runs.forEach((run, at) => {
      const start = process.hrtime.bigint();
      run();
      times[at]?.push(Number(process.hrtime.bigint() - start) / 1e6);
    });
  }
  return times.map((list) => list.sort((x, y) => x - y)[Math.floor(rounds / 2)] ?? Number.NaN);
}

export function runScreenBenchmarks(): BenchRow[] {
  const screen = loadShippedScreen();
  return texts(screen).map(({ id, what, text }) => {
    // Warm-up, so the JIT's first compilations are not what is measured.
    const withModel = { model: true };
    const lexiconOnly = { model: false };
    for (let i = 0; i < 50; i++) screen.screen(text, withModel);
    const match = screen.screen(text, withModel);
    const matched = match === undefined ? "" : ` (matched: ${match.source})`;
    const [measured = Number.NaN, lexicons = Number.NaN, normalising = Number.NaN] = mediansMs([
      () => screen.screen(text, withModel),
      () => screen.screen(text, lexiconOnly),
      () => normaliseForScreening(text),
    ]);
    return {
      id,
      what: `screen a ${length}-char ${what}${matched}`,
      measured: `${measured.toFixed(3)} ms median`,
      reference: `${budgetMs} ms budget; lexicons alone ${lexicons.toFixed(3)} ms; normalising alone ${normalising.toFixed(3)} ms`,
      ratio: budgetMs / measured,
      target: "≥ 1 (under 1 ms)",
      pass: measured < budgetMs,
    };
  });
}
