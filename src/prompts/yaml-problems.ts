/**
 * Parses YAML text, or says where it is broken: every syntax error in the file (not only the first)
 * as `file: line L, column C: not valid YAML: reason`, followed by that line and a caret under the
 * column, so a practice sees the spot without counting.
 */
import { type ErrorCode, parseDocument, type YAMLError } from "yaml";

/** The yaml library's wording where it is technical; the others read well as they are. */
const plainReasons: Partial<Record<ErrorCode, string>> = {
  DUPLICATE_KEY: "this key is already used in the same block",
  TAB_AS_INDENT: "tabs cannot indent YAML; use spaces",
  MULTIPLE_DOCS: "only one YAML document is allowed (remove the second ---)",
};

/** The parsed value, or undefined after adding one problem per syntax error to `problems`. */
export function parseYamlText(text: string, label: string, problems: string[]): unknown {
  // prettyErrors off: the library's own context lines are replaced by ours (line, caret).
  const document = parseDocument(text, { prettyErrors: false });
  if (document.errors.length > 0) {
    problems.push(...document.errors.map((error) => describeYamlError(text, label, error)));
    return undefined;
  }
  try {
    return document.toJS();
  } catch (error) {
    // toJS refuses alias bombs (resource exhaustion); that has no one place in the file.
    problems.push(`${label}: (file): not valid YAML: ${(error as Error).message}`);
    return undefined;
  }
}

function describeYamlError(text: string, label: string, error: YAMLError): string {
  const { line, column, source } = locate(text, error.pos[0]);
  const reason = plainReasons[error.code] ?? error.message;
  const gutter = `    ${line}`;
  return [
    `${label}: line ${line}, column ${column}: not valid YAML: ${reason}`,
    `${gutter} | ${source}`,
    `${" ".repeat(gutter.length)} | ${caretPadding(source, column)}^`,
  ].join("\n");
}

/**
 * Line and column (both from 1) of an offset, and that line's text. An error found at the very end
 * (an unclosed bracket or quote) is shown just after the last thing written, not on an empty line.
 */
function locate(text: string, offset: number): { line: number; column: number; source: string } {
  const end = text.trimEnd().length;
  const at = offset >= end && end > 0 ? end : Math.min(offset, text.length);
  const lineStart = text.lastIndexOf("\n", at - 1) + 1;
  const lineEnd = text.indexOf("\n", lineStart);
  const source = text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd).replace(/\r$/, "");
  const line = text.slice(0, lineStart).split("\n").length;
  return { line, column: Array.from(text.slice(lineStart, at)).length + 1, source };
}

/** Wide (East Asian) characters take two terminal columns; tabs stay tabs so the caret lines up. */
const wide = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff01-\uff60]/u;

function caretPadding(source: string, column: number): string {
  return Array.from(source)
    .slice(0, column - 1)
    .map((char) => (char === "\t" ? "\t" : wide.test(char) ? "  " : " "))
    .join("");
}
