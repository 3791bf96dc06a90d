/**
 * The prompt files: the shipped ones are complete in every language, and a bad file stops start-up
 * with `file: path: problem` lines that say exactly what to fix.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { locales } from "../../src/i18n/locales.js";
import { FileProblemsError } from "../../src/prompts/errors.js";
import { defaultPromptsDir } from "../../src/prompts/load.js";
import { placeholdersOf } from "../../src/prompts/messages.js";
import { loadPrompts } from "../../src/safety/safety-prompts.js";

/** A copy of the shipped prompts with one file rewritten by `edit`; returns the problem lines. */
function problemsAfter(file: string, edit: (text: string) => string): string[] {
  const dir = join(mkdtempSync(join(tmpdir(), "interlude-prompts-")), "prompts");
  cpSync(defaultPromptsDir, dir, { recursive: true });
  const path = join(dir, file);
  writeFileSync(path, edit(readFileSync(path, "utf8")));
  try {
    loadPrompts(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(FileProblemsError);
    return (error as FileProblemsError).lines;
  }
  throw new Error("expected the edited prompts to be rejected");
}

describe("the shipped prompts", () => {
  const prompts = loadPrompts();

  it.each(locales)("%s has every message (nothing falls back to English)", (locale) => {
    expect(prompts.messages.missingKeys(locale)).toEqual([]);
  });

  it("has the default check-in: four 5-point alliance items, a yes/no risk item, the ceiling question and a note", () => {
    const checkin = prompts.checkins.get("alliance-safety");
    expect(checkin?.validated_instrument).toBe(false);
    const items = checkin?.items.map((i) => [i.id, i.kind, i.kind === "choice" ? i.scale : "-"]);
    expect(items).toEqual([
      ["safe_to_say", "choice", "agree5"],
      ["understood", "choice", "agree5"],
      ["worked_on_what_matters", "choice", "agree5"],
      ["way_of_working", "choice", "agree5"],
      ["risk", "choice", "yes_no"],
      ["even_better", "text", "-"],
      ["note", "text", "-"],
    ]);
  });

  it("translates every check-in text into Swedish and Chinese", () => {
    const checkin = prompts.checkins.get("alliance-safety");
    for (const item of checkin?.items ?? []) {
      expect(item.text.sv, item.id).toBeTruthy();
      expect(item.text.zh, item.id).toBeTruthy();
    }
  });

  it("screens free text with the risk lexicons of every language", () => {
    expect(prompts.riskScreen.screen("I want to kill myself")).toMatchObject({ source: "lexicon", locale: "en" });
    expect(prompts.riskScreen.screen("jag vill inte leva längre")).toMatchObject({ source: "lexicon", locale: "sv" });
    expect(prompts.riskScreen.screen("我不想活了")).toMatchObject({ source: "lexicon", locale: "zh" });
    expect(prompts.riskScreen.model?.version).toBeGreaterThan(0);
    expect(prompts.riskScreen.screen("see you next week")).toBeUndefined();
  });

  it("fills placeholders in every language", () => {
    for (const locale of locales) {
      expect(prompts.messages.t(locale, "enrol.slow_down", { minutes: 7 })).toContain("7");
      expect(placeholdersOf(prompts.messages.t(locale, "enrol.slow_down", { minutes: 7 }))).toEqual([]);
    }
  });
});

describe("a bad prompt file", () => {
  it("names a missing English message", () => {
    expect(problemsAfter("messages/en.yaml", (t) => t.replace(/^ {2}thanks: .*$/m, ""))).toContain(
      "prompts/messages/en.yaml: checkin.thanks: missing (English must define every message)",
    );
  });

  it("names a translation whose placeholders differ", () => {
    const lines = problemsAfter("messages/sv.yaml", (t) => t.replace(/(slow_down: .*)\{minutes\}/, "$1{minuter}"));
    expect(lines).toEqual([
      "prompts/messages/sv.yaml: enrol.slow_down: placeholders {minuter} differ from English {minutes}",
    ]);
  });

  it("names an unknown key and a non-text value", () => {
    const lines = problemsAfter("messages/zh.yaml", (t) => `${t}\nsurprise: hello\nnumbers:\n  - 1\n`);
    expect(lines).toContain("prompts/messages/zh.yaml: surprise: unknown message key");
    expect(lines).toContain("prompts/messages/zh.yaml: numbers: expected text, got a list");
  });

  it("names a file that is not YAML", () => {
    const lines = problemsAfter("messages/sv.yaml", () => "a: [unclosed\n");
    expect(lines[0]).toMatch(/^prompts\/messages\/sv\.yaml: line 1, column 13: not valid YAML/);
  });

  it("names a check-in item that points at a missing scale", () => {
    const lines = problemsAfter("checkins/alliance-safety.yaml", (t) => t.replace("scale: agree5", "scale: agree7"));
    expect(lines).toEqual(['prompts/checkins/alliance-safety.yaml: items.0.scale: no scale named "agree7"']);
  });

  it("names a duplicate item id and a wrong kind", () => {
    const dup = problemsAfter("checkins/alliance-safety.yaml", (t) => t.replace("id: understood", "id: safe_to_say"));
    expect(dup).toEqual(['prompts/checkins/alliance-safety.yaml: items.1.id: duplicate item id "safe_to_say"']);
    const kind = problemsAfter("checkins/alliance-safety.yaml", (t) => t.replace("kind: text", "kind: essay"));
    expect(kind[0]).toMatch(/^prompts\/checkins\/alliance-safety\.yaml: items\.5\.kind: /);
  });

  it("refuses a risk item whose scale is not yes/no", () => {
    const lines = problemsAfter("checkins/alliance-safety.yaml", (t) => t.replace("scale: yes_no", "scale: agree5"));
    expect(lines).toEqual([
      "prompts/checkins/alliance-safety.yaml: items.4.scale: a risk item needs a yes/no scale with values 1 (yes) and 0 (no)",
    ]);
  });

  it("names a lexicon pattern that cannot be read, with its place in the file", () => {
    const lines = problemsAfter("safety/lexicon/en.yaml", (t) =>
      t.replace(/^sets:\n/m, 'sets:\n  broken_for_the_test: ["fine", "@another_set"]\n'),
    );
    expect(lines).toEqual([
      "prompts/safety/lexicon/en.yaml: sets.broken_for_the_test.1: a set member cannot name another set (@another_set)",
    ]);
  });

  it("names a lexicon file for the wrong language, an empty one, and an exclusion without a reason", () => {
    expect(problemsAfter("safety/lexicon/sv.yaml", (t) => t.replace(/^language: sv$/m, "language: zh"))).toEqual([
      'prompts/safety/lexicon/sv.yaml: language: says "zh" in the file for sv',
    ]);
    expect(problemsAfter("safety/lexicon/zh.yaml", () => "")).toEqual([
      expect.stringMatching(/^prompts\/safety\/lexicon\/zh\.yaml: \(root\): /),
    ]);
    const noWhy = problemsAfter("safety/lexicon/en.yaml", (t) =>
      t.replace(
        /^exclusions:\n/m,
        'exclusions:\n  - { pattern: "killing it", why: "", example: "she is killing it" }\n',
      ),
    );
    expect(noWhy).toEqual(["prompts/safety/lexicon/en.yaml: exclusions.0.why: must say why this is not a disclosure"]);
  });

  it("refuses option keys that cannot travel in button data", () => {
    const lines = problemsAfter("checkins/alliance-safety.yaml", (t) => t.replace('key: "1"', 'key: "one.1"'));
    expect(lines[0]).toMatch(/scales\.agree5\.options\.0\.key: must be 1-8 letters or digits/);
  });
});

/**
 * The file with its first line that has a Latin-1 letter (å, ä, ö, é, …) saved as Latin-1, as an
 * editor set to the wrong encoding would; returns the bytes and that line's number (from 1).
 */
function savedAsLatin1(text: string): { bytes: Buffer; line: number } {
  const lines = text.split("\n");
  const fitsLatin1 = (l: string) => Array.from(l).every((c) => (c.codePointAt(0) ?? 0) <= 0xff);
  const index = lines.findIndex((l) => /[À-ÿ]/.test(l) && fitsLatin1(l));
  if (index === -1) throw new Error("no line with a Latin-1 letter");
  const bytes = Buffer.concat(
    lines.map((l, i) => Buffer.from(i < lines.length - 1 ? `${l}\n` : l, i === index ? "latin1" : "utf8")),
  );
  return { bytes, line: index + 1 };
}

/** A copy of the shipped prompts with `file` replaced by `bytes`; returns the problem lines. */
function problemsWithBytes(file: string, bytes: (original: string) => Buffer): string[] {
  const dir = join(mkdtempSync(join(tmpdir(), "interlude-prompts-")), "prompts");
  cpSync(defaultPromptsDir, dir, { recursive: true });
  const path = join(dir, file);
  writeFileSync(path, bytes(readFileSync(path, "utf8")));
  try {
    loadPrompts(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(FileProblemsError);
    return (error as FileProblemsError).lines;
  }
  throw new Error("expected the prompts to be rejected");
}

describe("a prompt file that is not UTF-8", () => {
  it.each([["messages/sv.yaml"], ["checkins/alliance-safety.yaml"], ["safety/lexicon/sv.yaml"]])(
    "%s saved as Latin-1 is refused with the line, not loaded with replacement characters",
    (file) => {
      const original = readFileSync(join(defaultPromptsDir, file), "utf8");
      const { line } = savedAsLatin1(original);
      expect(problemsWithBytes(file, (text) => savedAsLatin1(text).bytes)).toEqual([
        `prompts/${file}: line ${line}: not valid UTF-8`,
      ]);
    },
  );

  it("the risk model file with a stray byte is refused with its line", () => {
    const lines = problemsWithBytes("safety/risk-model.json", (text) =>
      Buffer.concat([
        Buffer.from(text.slice(0, text.indexOf("\n") + 1)),
        Buffer.from([0xff]),
        Buffer.from(text.slice(text.indexOf("\n") + 1)),
      ]),
    );
    expect(lines).toEqual(["prompts/safety/risk-model.json: line 2: not valid UTF-8"]);
  });

  it("every other problem is still reported in the same run", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "interlude-prompts-")), "prompts");
    cpSync(defaultPromptsDir, dir, { recursive: true });
    const sv = join(dir, "messages/sv.yaml");
    writeFileSync(sv, savedAsLatin1(readFileSync(sv, "utf8")).bytes);
    const checkin = join(dir, "checkins/alliance-safety.yaml");
    writeFileSync(checkin, readFileSync(checkin, "utf8").replace("scale: agree5", "scale: agree7"));
    const lines = (() => {
      try {
        loadPrompts(dir);
      } catch (error) {
        return (error as FileProblemsError).lines;
      }
      return [];
    })();
    expect(lines).toContainEqual(expect.stringMatching(/^prompts\/messages\/sv\.yaml: line \d+: not valid UTF-8$/));
    expect(lines).toContainEqual(expect.stringMatching(/^prompts\/checkins\/alliance-safety\.yaml: items\.0\.scale: /));
  });
});
