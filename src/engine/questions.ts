/**
 * How a check-in item looks to a client: the question text, its buttons, and how a chosen answer
 * reads once the buttons are gone.
 */

import type { ChoiceOption } from "../outbox/outbound.js";
import type { CheckinFile, CheckinItem, ScaleOption } from "../prompts/checkin-schema.js";
import { pick } from "../prompts/checkin-schema.js";
import { type Turn, text } from "./turn.js";

export const skipKey = "skip";

export function findItem(checkin: CheckinFile, itemId: string): CheckinItem | undefined {
  return checkin.items.find((item) => item.id === itemId);
}

export function scaleOf(checkin: CheckinFile, item: CheckinItem) {
  return item.kind === "choice" ? checkin.scales[item.scale] : undefined;
}

export function questionText(turn: Turn, checkin: CheckinFile, item: CheckinItem): string {
  const question = pick(item.text, turn.locale);
  const scale = scaleOf(checkin, item);
  if (!scale?.low_label || !scale.high_label) return question;
  const first = scale.options[0] as ScaleOption;
  const last = scale.options[scale.options.length - 1] as ScaleOption;
  const hint = text(turn, "checkin.scale_hint", {
    first: pick(first.button, turn.locale),
    last: pick(last.button, turn.locale),
    low: pick(scale.low_label, turn.locale),
    high: pick(scale.high_label, turn.locale),
  });
  return `${question}\n${hint}`;
}

/** Button rows for an item: a scale's options five to a row, or a lone Skip for a free-text item. */
export function questionButtons(turn: Turn, checkin: CheckinFile, item: CheckinItem): ChoiceOption[][] {
  const scale = scaleOf(checkin, item);
  if (!scale) return [[{ key: skipKey, label: text(turn, "checkin.skip") }]];
  const options = scale.options.map((o) => ({ key: o.key, label: pick(o.button, turn.locale) }));
  const rows: ChoiceOption[][] = [];
  for (let i = 0; i < options.length; i += 5) rows.push(options.slice(i, i + 5));
  return rows;
}

/** "4 · mostly", or just "Yes" when the button already says it all. */
export function describeOption(turn: Turn, option: ScaleOption): string {
  const button = pick(option.button, turn.locale);
  const label = pick(option.label, turn.locale);
  return button.toLowerCase() === label.toLowerCase() ? button : `${button} · ${label}`;
}
