/**
 * B5: the risk screen on long messages. Every client message is screened before anything else
 * happens, so the screen must stay far below the time a person notices: the target is a median under
 * 1 ms for a 4,096-character message (Telegram's limit), in each language and in the worst case for
 * the matcher (text dense with words that start patterns or exclusions but complete none). The
 * reference column also shows normalising alone, the floor any screen pays. Texts are built here.
 */
import { normaliseForScreening } from "../src/safety/normalise.js";
import { loadShippedScreen } from "../src/safety/screen/corpus-files.js";
import type { BenchRow } from "./scheduling.bench.js";

const length = 4096;
const rounds = 301;
const budgetMs = 1;

const fill = (unit: string) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

const texts: Array<{ id: string; what: string; text: string }> = [
  {
    id: "B5a",
    what: "English check-in note",
    text: fill(
      "This week was a lot better than last. We talked about my sister and the move, and I felt I could say what I meant without being judged. Work is still killing me though, and I'm dying to get a holiday. ",
    ),
  },
  {
    id: "B5b",
    what: "Swedish check-in note",
    text: fill(
      "Veckan har varit tung men okej. Jag skrattade ihjäl mig åt min brorsas skämt och kände mig dödstrött efter jobbet, men samtalet i tisdags hjälpte och jag vill gärna fortsätta med det vi pratade om. ",
    ),
  },
  {
    id: "B5c",
    what: "Chinese check-in note",
    text: fill(
      "这周工作忙死了，周末参加了公司的活动，笑死我了。上次咨询谈到了我和妈妈的关系，我觉得说出来以后轻松了一些，希望下次继续聊。",
    ),
  },
  {
    id: "B5d",
    what: "worst case: pattern starts, no match",
    text: fill(
      "i me my want to go im so tired i just wanna sleep pills are on the shelf jag vill inte 我想 我不想 活动 ",
    ),
  },
];

function medianMs(run: () => void): number {
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = process.hrtime.bigint();
    run();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(rounds / 2)] ?? Number.NaN;
}

export function runScreenBenchmarks(): BenchRow[] {
  const screen = loadShippedScreen();
  return texts.map(({ id, what, text }) => {
    // Warm-up, so the JIT's first compilations are not what is measured.
    for (let i = 0; i < 50; i++) screen.screen(text);
    const matched = screen.screen(text) !== undefined;
    const measured = medianMs(() => screen.screen(text));
    const normalising = medianMs(() => normaliseForScreening(text));
    return {
      id,
      what: `screen a ${length}-char ${what}${matched ? " (matched)" : ""}`,
      measured: `${measured.toFixed(3)} ms median`,
      reference: `${budgetMs} ms budget; normalising alone ${normalising.toFixed(3)} ms`,
      ratio: budgetMs / measured,
      target: "≥ 1 (under 1 ms)",
      pass: measured < budgetMs,
    };
  });
}
