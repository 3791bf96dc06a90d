/**
 * The risk model beside the lexicons (src/safety/screen/model.ts, train.ts): it loads and scores
 * deterministically, it is scored only when no lexicon pattern matched, long messages are scored by
 * window, the committed file is what training on the corpus gives, and a bad file says what is wrong.
 */
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { locales } from "../../../src/i18n/locales.js";
import { FileProblemsError } from "../../../src/prompts/errors.js";
import { defaultPromptsDir } from "../../../src/prompts/load.js";
import { loadPrompts } from "../../../src/safety/safety-prompts.js";
import {
  corpusDir,
  lexiconDir,
  loadCorpus,
  loadShippedScreen,
  riskModelPath,
} from "../../../src/safety/screen/corpus-files.js";
import { lexiconFileSchema } from "../../../src/safety/screen/lexicon-schema.js";
import { featureScheme, forEachFeature, RiskModel, type RiskModelFile } from "../../../src/safety/screen/model.js";
import { RiskScreen, ruleOf } from "../../../src/safety/screen/screen.js";
import { tokenise } from "../../../src/safety/screen/tokens.js";
import { modelDifferences, trainFromFiles } from "../../../src/safety/screen/train.js";

const fixed = `sha256:${"0".repeat(64)}`;

/** A model with these weights, their names written as the tokeniser writes them ("hopeless" → "hopeles"). */
function modelOf(weights: Record<string, number>, extra: Partial<RiskModelFile> = {}): RiskModel {
  const named = Object.fromEntries(Object.entries(weights).map(([name, w]) => [tokenise(name).words.join(" "), w]));
  return new RiskModel({
    version: 7,
    enabled: true,
    features: featureScheme,
    corpus: fixed,
    window: 30,
    l2: 1,
    threshold: 0.9,
    bias: 0,
    cv: {},
    weights: named,
    ...extra,
  });
}

const lexicon = lexiconFileSchema.parse({
  language: "en",
  version: 1,
  sets: {},
  categories: { active_ideation: ["kill myself"] },
  exclusions: [],
});

const score = (model: RiskModel, text: string) => {
  const { words, han } = tokenise(text);
  return model.score(words, han);
};

describe("the shipped risk model", () => {
  const screen = loadShippedScreen();

  it("loads with the lexicons and scores the same text the same way every time", () => {
    const model = screen.model;
    expect(model).toBeDefined();
    if (!model) return;
    expect(model.rule).toBe(`model:v${model.version}`);
    const again = loadShippedScreen().model as RiskModel;
    for (const text of ["see you next week", "I don't see the point in anything any more", "我最近睡得不好"]) {
      const first = score(model, text);
      expect(first).toBeGreaterThan(0);
      expect(first).toBeLessThan(1);
      expect(score(model, text)).toBe(first);
      expect(score(again, text)).toBe(first);
    }
  });

  it("scores every corpus sentence, and long mixes of them, as summing the file's weights by name does", () => {
    const file = JSON.parse(readFileSync(riskModelPath, "utf8")) as RiskModelFile;
    const model = screen.model as RiskModel;
    // The reference: every window, its n-grams named as training names them, looked up in the file.
    const reference = (text: string) => {
      const { words, han } = tokenise(text);
      const width = Math.min(file.window, words.length);
      let best = Number.NEGATIVE_INFINITY;
      for (let start = 0; start + width <= words.length; start++) {
        let sum = 0;
        forEachFeature(words, han, (name) => (sum += file.weights[name] ?? 0), start, start + width);
        best = Math.max(best, sum);
      }
      return 1 / (1 + Math.exp(-(file.bias + best)));
    };
    const texts = locales.flatMap((locale) => {
      const corpus = loadCorpus(locale, "dev");
      return [...(corpus?.risk ?? []), ...(corpus?.everyday ?? [])].map((entry) => entry.text);
    });
    expect(texts.length).toBeGreaterThan(1000);
    for (let at = 0; at + 3 < texts.length; at += 37) texts.push(texts.slice(at, at + 4).join(" "));
    for (const text of texts) expect(score(model, text), text).toBeCloseTo(reference(text), 9);
  }, 60_000);

  it("is what training on the development corpus gives (screen:train -- --check passes)", () => {
    const trained = trainFromFiles(corpusDir, lexiconDir);
    expect(modelDifferences(readFileSync(riskModelPath, "utf8"), trained)).toEqual([]);
  }, 120_000);

  it("no longer is once the corpus changes (screen:train -- --check fails)", () => {
    const dir = mkdtempSync(join(tmpdir(), "interlude-corpus-"));
    // Only the development files: the held-out sets are never read.
    for (const locale of locales) copyFileSync(join(corpusDir, `${locale}.yaml`), join(dir, `${locale}.yaml`));
    const path = join(dir, "en.yaml");
    const text = readFileSync(path, "utf8");
    const edited = text.replace(
      /^everyday:\n/m,
      'everyday:\n  - { text: "the new sofa arrives on tuesday", kind: ordinary }\n',
    );
    expect(edited).not.toBe(text);
    writeFileSync(path, edited);
    const differences = modelDifferences(readFileSync(riskModelPath, "utf8"), trainFromFiles(dir, lexiconDir));
    expect(differences).toContain("corpus: the development corpus has changed since the model was trained");
  }, 120_000);
});

describe("the model beside the lexicons", () => {
  const model = modelOf({ hopeless: 5, "no way": 1, "no way out": 9 });
  const screen = new RiskScreen([lexicon], model);

  it("is scored only when no lexicon pattern matched", () => {
    expect(screen.screen("hopeless, i want to kill myself")).toEqual({
      source: "lexicon",
      locale: "en",
      category: "active_ideation",
      index: 0,
    });
    const match = screen.screen("feeling hopeless");
    expect(match).toMatchObject({ source: "model", version: 7 });
    expect(match?.source === "model" && match.score).toBeGreaterThanOrEqual(0.9);
    expect(match && ruleOf(match)).toBe("model:v7");
    expect(Object.keys(match ?? {}).sort()).toEqual(["score", "source", "version"]);
    expect(screen.screen("feeling fine")).toBeUndefined();
    expect(screen.screen("")).toBeUndefined();
  });

  it("can be left out (lexicon-only numbers), and is never scored when switched off", () => {
    expect(screen.screen("feeling hopeless", { model: false })).toBeUndefined();
    const off = new RiskScreen([lexicon], modelOf({ hopeless: 5 }, { enabled: false }));
    expect(off.screen("feeling hopeless")).toBeUndefined();
    expect(off.screen("feeling hopeless", { model: true })).toMatchObject({ source: "model" });
    expect(off.screen("kill myself")).toMatchObject({ source: "lexicon" });
  });

  it("weighs pairs and Chinese triples only inside the window that holds their first token", () => {
    const zh = modelOf({ "没 有 用": 4, 没: -1 });
    expect(score(zh, "我没有用")).toBeCloseTo(1 / (1 + Math.exp(-3)), 10);
    expect(score(zh, "没 有 用")).toBeCloseTo(1 / (1 + Math.exp(-3)), 10);
    // Latin words never form a triple.
    expect(score(modelOf({ "ab cd ef": 4 }), "ab cd ef")).toBeCloseTo(0.5, 10);
  });

  it("scores a long note window by window, so a buried disclosure is not diluted", () => {
    const weights = { hopeless: 4, fine: -0.05 };
    const note = `${"fine ".repeat(100)}hopeless ${"fine ".repeat(100)}`;
    const windowed = new RiskScreen([lexicon], modelOf(weights));
    const whole = new RiskScreen([lexicon], modelOf(weights, { window: 200 }));
    expect(windowed.screen(note)).toMatchObject({ source: "model" });
    expect(whole.screen(note)).toBeUndefined();
    expect(windowed.screen("fine ".repeat(201))).toBeUndefined();
  });
});

describe("a bad model file", () => {
  function problemsWith(edit: (text: string) => string): string[] {
    const dir = join(mkdtempSync(join(tmpdir(), "interlude-prompts-")), "prompts");
    mkdirSync(dir);
    cpSync(defaultPromptsDir, dir, { recursive: true });
    const path = join(dir, "safety", "risk-model.json");
    writeFileSync(path, edit(readFileSync(path, "utf8")));
    try {
      loadPrompts(dir);
    } catch (error) {
      expect(error).toBeInstanceOf(FileProblemsError);
      return (error as FileProblemsError).lines;
    }
    throw new Error("expected the edited model file to be rejected");
  }

  it("is reported as file: path: problem", () => {
    expect(problemsWith((t) => t.replace(/"threshold": [0-9.]+/, '"threshold": 2'))).toEqual([
      expect.stringMatching(/^prompts\/safety\/risk-model\.json: threshold: /),
    ]);
    expect(problemsWith((t) => t.replace('"enabled": ', '"switched": '))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^prompts\/safety\/risk-model\.json: (\(root\)|enabled): /)]),
    );
    expect(problemsWith((t) => t.replace(/^\{/, "{{"))).toEqual([
      expect.stringMatching(/^prompts\/safety\/risk-model\.json: \(file\): not valid JSON: /),
    ]);
    // Pair weights are packed with three decimals in 14 bits (model.ts), so a pair must stay below 8.192.
    expect(problemsWith((t) => t.replace(/("[^" ]+ [^" ]+": )-?[0-9.]+/, "$19.5"))).toEqual([
      expect.stringMatching(
        /^prompts\/safety\/risk-model\.json: weights: a risk model pair weight must be below 8\.192/,
      ),
    ]);
    expect(problemsWith(() => '{"version": 1}')).toContainEqual(
      expect.stringMatching(/^prompts\/safety\/risk-model\.json: weights: /),
    );
  });
});
