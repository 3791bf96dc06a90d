/**
 * The weekly summary as chat messages: plain text (no markup: Interlude never sends parse modes),
 * cut into parts that each fit the platform's message limit, between client blocks.
 */

import type { Platform } from "../../db/schema.js";
import { splitText } from "../../text/split-text.js";
import type { ClientBlock, SummaryBlocks } from "./blocks.js";

/** Characters per chat message: Telegram allows 4096, Discord 2000; a margin keeps us clear of both. */
export const chatLimits: Record<Platform, number> = { telegram: 4000, discord: 1900, console: 4000 };

export function clientChatLines(block: ClientBlock): string[] {
  if (!block.detailed) {
    return [`· ${block.line}`, ...[...block.sides, ...block.notes, ...block.held].map((l) => `    ${l}`)];
  }
  return [
    `▸ ${block.line}`,
    ...block.flags.map((f) => `    ${f.text}`),
    ...block.dimensions.map((d) => `    ${d}`),
    ...block.sides.map((l) => `    ${l}`),
    ...block.notes.map((n) => `    ${n}`),
    ...block.held.map((l) => `    ${l}`),
    ...block.reworded.map((r) => `    ${r}`),
  ];
}

/** Packs blocks of text into as few parts as fit `limit`; a single block longer than that is split. */
export function packParts(blocks: string[], limit: number): string[] {
  const parts: string[] = [];
  let current = "";
  for (const block of blocks) {
    const candidate = current === "" ? block : `${current}\n\n${block}`;
    if (candidate.length <= limit) {
      current = candidate;
      continue;
    }
    if (current !== "") parts.push(current);
    if (block.length <= limit) current = block;
    else {
      const pieces = splitText(block, limit);
      current = pieces.pop() ?? "";
      parts.push(...pieces);
    }
  }
  if (current !== "") parts.push(current);
  return parts;
}

export function renderChatParts(blocks: SummaryBlocks, limit: number): string[] {
  const texts = [blocks.headline.join("\n")];
  if (blocks.empty) texts.push(blocks.empty);
  // Detailed clients each get a block; one-line clients share one, so a calm caseload stays short.
  for (const block of blocks.clients.filter((b) => b.detailed)) texts.push(clientChatLines(block).join("\n"));
  const calm = blocks.clients.filter((b) => !b.detailed).flatMap(clientChatLines);
  if (calm.length > 0) texts.push(calm.join("\n"));
  // The key to the arrows and blocks sits with the closing lines, so the summary still opens with who
  // needs attention.
  if (blocks.legend) texts.push(blocks.legend);
  texts.push(blocks.caveats.join("\n"));
  return packParts(texts, limit);
}
