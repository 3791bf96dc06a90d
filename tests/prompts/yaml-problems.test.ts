/**
 * A YAML syntax error names the file, the line and the column, and shows the line with a caret under
 * the column; every syntax error in the file is reported, not only the first.
 */
import { describe, expect, it } from "vitest";
import { parseYamlText } from "../../src/prompts/yaml-problems.js";

function yamlProblems(text: string): string[] {
  const problems: string[] = [];
  expect(parseYamlText(text, "practice.yaml", problems)).toBeUndefined();
  return problems.flatMap((p) => p.split("\n"));
}

describe("YAML syntax errors", () => {
  it("parses valid YAML and reports nothing", () => {
    const problems: string[] = [];
    expect(parseYamlText("a: 1\nb: [x, y]\n", "f.yaml", problems)).toEqual({ a: 1, b: ["x", "y"] });
    expect(problems).toEqual([]);
  });

  it("puts the caret under the column of a repeated key", () => {
    expect(yamlProblems("practice:\n  name: A\n  name: B\n")).toEqual([
      "practice.yaml: line 3, column 3: not valid YAML: this key is already used in the same block",
      "    3 |   name: B",
      "      |   ^",
    ]);
  });

  it("shows an unclosed bracket just after the last thing written, not on an empty line", () => {
    expect(yamlProblems("a: 1\nb: [x, y\n\n\n")).toEqual([
      "practice.yaml: line 2, column 9: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]",
      "    2 | b: [x, y",
      "      |         ^",
    ]);
  });

  it("reports every syntax error in the file", () => {
    const lines = yamlProblems("a: 1\na: 2\nb:\n\t- x\n");
    expect(lines.filter((l) => l.startsWith("practice.yaml: "))).toEqual([
      "practice.yaml: line 2, column 1: not valid YAML: this key is already used in the same block",
      "practice.yaml: line 4, column 1: not valid YAML: tabs cannot indent YAML; use spaces",
    ]);
  });

  it("keeps tabs and counts wide characters twice so the caret lines up", () => {
    expect(yamlProblems("title: { zh: 我的问卷, zh: 再 }\n")).toEqual([
      "practice.yaml: line 1, column 20: not valid YAML: this key is already used in the same block",
      "    1 | title: { zh: 我的问卷, zh: 再 }",
      // 13 narrow characters, 4 wide ones (two columns each), then ", ".
      `      | ${" ".repeat(13 + 8 + 2)}^`,
    ]);
    expect(yamlProblems("a:\r\n\tb: 1\r\n")).toEqual([
      "practice.yaml: line 2, column 1: not valid YAML: tabs cannot indent YAML; use spaces",
      "    2 | \tb: 1",
      "      | ^",
    ]);
  });

  it("refuses a second document and an alias bomb", () => {
    expect(yamlProblems("a: 1\n---\nb: 2\n")[0]).toBe(
      "practice.yaml: line 2, column 1: not valid YAML: only one YAML document is allowed (remove the second ---)",
    );
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x, x]",
      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]",
      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]",
      "d: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]",
    ].join("\n");
    expect(yamlProblems(bomb)[0]).toMatch(/^practice\.yaml: \(file\): not valid YAML: /);
  });
});
