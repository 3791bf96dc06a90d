/**
 * `practice apply` and `checkin validate` refuse a file that is not valid UTF-8 (a practice.yaml or
 * check-in saved as Latin-1) with `file: line N: not valid UTF-8`, and change nothing; the bytes are
 * never quietly replaced, so "Söder Therapy" can never become "S\uFFFDder Therapy" in the database.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cli, snapshot } from "../helpers/cli.js";

const example = resolve(import.meta.dirname, "../../practice.example.yaml");
const instrument = resolve(import.meta.dirname, "fixtures/our-instrument.yaml");

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function tempDir(): string {
  dir ??= mkdtempSync(join(tmpdir(), "interlude-utf8-"));
  return dir;
}

/** `text` with line `line` (from 1) written in Latin-1, as an editor set to the wrong encoding saves it. */
function withLatin1Line(text: string, line: number): Buffer {
  const lines = text.split("\n");
  return Buffer.concat(
    lines.map((l, i) => Buffer.from(i < lines.length - 1 ? `${l}\n` : l, i === line - 1 ? "latin1" : "utf8")),
  );
}

const exampleText = readFileSync(example, "utf8");
/** The example's "name: Söder Therapy" line. */
const nameLine = exampleText.split("\n").findIndex((l) => l.includes("Söder Therapy")) + 1;

describe("files that are not UTF-8", () => {
  it("practice apply refuses practice.yaml saved as Latin-1, naming the line, and changes nothing", async () => {
    const c = cli();
    const path = join(tempDir(), "practice.yaml");
    copyFileSync(instrument, join(tempDir(), "our-instrument.yaml"));
    writeFileSync(path, withLatin1Line(exampleText, nameLine));
    const before = snapshot(c.handle);
    const result = await c.run("practice", "apply", path);
    expect(result.code).toBe(2);
    expect(result.err).toContain(`${path}: line ${nameLine}: not valid UTF-8`);
    expect(result.err).not.toContain("\uFFFD");
    expect(snapshot(c.handle)).toEqual(before);
  });

  it("practice apply names a custom check-in file that is not UTF-8, by its line", async () => {
    const c = cli();
    const path = join(tempDir(), "practice.yaml");
    writeFileSync(path, exampleText.replace("custom: []", "custom: [ours.yaml]"));
    const checkin = readFileSync(instrument, "utf8").replace("I felt heard.", "Jag kände mig hörd.");
    const line = checkin.split("\n").findIndex((l) => l.includes("hörd")) + 1;
    writeFileSync(join(tempDir(), "ours.yaml"), withLatin1Line(checkin, line));
    const before = snapshot(c.handle);
    const result = await c.run("practice", "apply", path);
    expect(result.code).toBe(2);
    expect(result.err).toContain(`ours.yaml: line ${line}: not valid UTF-8`);
    expect(snapshot(c.handle)).toEqual(before);
  });

  it("checkin validate refuses a check-in file with a bad byte, naming the line", async () => {
    const c = cli();
    const path = join(tempDir(), "broken.yaml");
    const text = readFileSync(instrument, "utf8");
    const cut = text.indexOf("items:");
    writeFileSync(
      path,
      Buffer.concat([Buffer.from(text.slice(0, cut)), Buffer.from([0xff]), Buffer.from(text.slice(cut))]),
    );
    const line = text.slice(0, cut).split("\n").length;
    const result = await c.run("checkin", "validate", path);
    expect(result.code).toBe(2);
    expect(result.err).toContain(`${path}: line ${line}: not valid UTF-8`);
  });
});
