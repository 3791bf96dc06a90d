/**
 * Scores per check-in: each alliance item on a common 1–5 scale, each dimension's mean, and the
 * overall mean. Items are matched by id, never by wording, so an item whose wording changed (a new
 * version) keeps one history; the version each answer was given under travels with it.
 */
import type { AnswerRecord } from "../db/repos/insights.js";
import type { CheckinFile } from "../prompts/checkin-schema.js";
import { type Dimension, dimensions } from "./chart/chart-input.js";

/** How one alliance item is scored: its dimension and its scale's lowest and highest values. */
export interface ScoredItem {
  dimension: Dimension;
  min: number;
  max: number;
}

/** Per check-in definition id, the alliance items (choice items with a dimension) by item id. */
export type ScoringKey = Map<string, Map<string, ScoredItem>>;

export function scoringKeyOf(checkins: Iterable<CheckinFile>): ScoringKey {
  const key: ScoringKey = new Map();
  for (const file of checkins) {
    const items = new Map<string, ScoredItem>();
    for (const item of file.items) {
      if (item.kind !== "choice" || !item.dimension || item.risk) continue;
      const values = (file.scales[item.scale]?.options ?? []).map((o) => o.value);
      if (values.length < 2) continue;
      items.set(item.id, { dimension: item.dimension, min: Math.min(...values), max: Math.max(...values) });
    }
    key.set(file.id, items);
  }
  return key;
}

export interface ItemScore {
  /** On the common 1–5 scale. */
  score: number;
  atTop: boolean;
  dimension: Dimension;
  version: number;
}

export interface CheckinScore {
  occurrenceId: number;
  /** When the client first answered it. */
  at: Date;
  items: Map<string, ItemScore>;
  dimensions: Partial<Record<Dimension, number>>;
  overall: number;
  /** Every alliance item of the definition was answered (none skipped or left open). */
  complete: boolean;
}

/** Maps a raw value onto 1–5, so that thresholds mean the same thing for any scale a practice uses. */
export function toCommonScale(value: number, item: ScoredItem): number {
  if (item.max === item.min) return 5;
  const clamped = Math.min(item.max, Math.max(item.min, value));
  return 1 + ((clamped - item.min) * 4) / (item.max - item.min);
}

interface Entry {
  checkinId: string;
  at: Date;
  items: Map<string, ItemScore>;
  sums: number[];
  counts: number[];
}

const dimensionIndex = Object.fromEntries(dimensions.map((d, i) => [d, i])) as Record<Dimension, number>;

/**
 * Builds check-in scores one answer at a time, keeping sums as it goes: the weekly job feeds it every
 * answer of half a year for every client straight from database rows, without an object per answer.
 */
export class CheckinScorer {
  private readonly byOccurrence = new Map<number, Entry>();

  constructor(private readonly key: ScoringKey) {}

  /** One answer; a skip, a note, or an item that is not scored only dates its check-in. */
  add(occurrenceId: number, checkinId: string, itemId: string, itemVersion: number, value: number | null, at: Date) {
    let entry = this.byOccurrence.get(occurrenceId);
    if (!entry) {
      entry = { checkinId, at, items: new Map(), sums: [0, 0, 0, 0], counts: [0, 0, 0, 0] };
      this.byOccurrence.set(occurrenceId, entry);
    }
    if (at < entry.at) entry.at = at;
    const item = this.key.get(checkinId)?.get(itemId);
    if (!item || value === null || entry.items.has(itemId)) return;
    const score = toCommonScale(value, item);
    entry.items.set(itemId, { score, atTop: value >= item.max, dimension: item.dimension, version: itemVersion });
    const d = dimensionIndex[item.dimension];
    (entry.sums[d] as number) += score;
    (entry.counts[d] as number) += 1;
  }

  /** Check-ins with at least one scored answer, oldest first. */
  scores(): CheckinScore[] {
    const scored: CheckinScore[] = [];
    for (const [occurrenceId, entry] of this.byOccurrence) {
      if (entry.items.size === 0) continue;
      const perDimension: Partial<Record<Dimension, number>> = {};
      let total = 0;
      dimensions.forEach((dimension, d) => {
        const count = entry.counts[d] as number;
        if (count > 0) perDimension[dimension] = (entry.sums[d] as number) / count;
        total += entry.sums[d] as number;
      });
      scored.push({
        occurrenceId,
        at: entry.at,
        items: entry.items,
        dimensions: perDimension,
        overall: total / entry.items.size,
        complete: entry.items.size >= (this.key.get(entry.checkinId)?.size ?? 0),
      });
    }
    return scored.sort((a, b) => a.at.getTime() - b.at.getTime() || a.occurrenceId - b.occurrenceId);
  }
}

/**
 * Scores the check-ins in `answers` (any order); check-ins with no scored alliance answer are left
 * out (a skipped-everything or note-only check-in has no score). Returned oldest first.
 */
export function scoreCheckins(answers: Iterable<AnswerRecord>, key: ScoringKey): CheckinScore[] {
  const scorer = new CheckinScorer(key);
  for (const a of answers) {
    scorer.add(a.occurrenceId, a.checkinId, a.itemId, a.itemVersion, a.skipped ? null : a.value, a.answeredAt);
  }
  return scorer.scores();
}
