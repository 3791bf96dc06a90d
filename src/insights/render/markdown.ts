/**
 * The weekly summary as a Markdown file (the CLI's `--format md`). Anything a person wrote or named
 * (aliases, notes) is escaped so it cannot turn into markup or a link.
 */
import type { SummaryBlocks } from "./blocks.js";

/**
 * Backslash-escapes the characters Markdown reads as markup anywhere in a line. Every line this file
 * writes starts with its own prefix ("# ", "- ", "> "), so characters that matter only at the start of
 * a line (#, -, +, digits) cannot take effect; parentheses and ! only matter after an (escaped) bracket.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`);
}

export function renderMarkdown(blocks: SummaryBlocks): string {
  const [title, ...rest] = blocks.headline;
  const lines = [`# ${escapeMarkdown(title ?? "")}`, "", ...rest.map(escapeMarkdown), ""];
  if (blocks.empty) lines.push(escapeMarkdown(blocks.empty), "");
  for (const block of blocks.clients) {
    if (!block.detailed) {
      lines.push(`- ${escapeMarkdown(block.line)}`);
      for (const line of block.sides) lines.push(`  - ${escapeMarkdown(line)}`);
      for (const note of block.notes) lines.push(`  - _${escapeMarkdown(note)}_`);
      for (const line of block.held) lines.push(`  - ${escapeMarkdown(line)}`);
      continue;
    }
    lines.push("", `## ${escapeMarkdown(block.line)}`, "");
    for (const flag of block.flags) lines.push(`- **${escapeMarkdown(flag.text)}**`);
    if (block.dimensions.length > 0) lines.push("", ...block.dimensions.map((d) => `    ${d}`), "");
    for (const line of block.sides) lines.push(`- ${escapeMarkdown(line)}`);
    if (block.sides.length > 0) lines.push("");
    for (const note of block.notes) lines.push(`> ${escapeMarkdown(note)}`, "");
    for (const line of block.held) lines.push(`- ${escapeMarkdown(line)}`, "");
    for (const r of block.reworded) lines.push(`_${escapeMarkdown(r)}_`);
    lines.push("");
  }
  if (blocks.legend) lines.push("", escapeMarkdown(blocks.legend));
  lines.push("", "---", "", ...blocks.caveats.map((c) => `_${escapeMarkdown(c)}_`), "");
  return `${lines
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trimEnd()}\n`;
}
