/**
 * Rupture and repair, read from one client's check-ins in order. Ruptures show as a score that is
 * low, that dropped since the last check-in, or that fell below the client's own baseline; a rupture
 * stays open until the client is back near the baseline it was measured against (a repair, which
 * research links to better outcomes than no rupture at all), or until a few check-ins in a row show
 * no rupture sign at all: then the client has most likely settled at a new level (a client at the
 * ceiling who comes down to "mostly" is not in a rupture for half a year). A run of top scores is
 * flagged too: clients who always give the maximum can hide a rupture behind the ceiling.
 */

import type { FlagThresholds } from "../practice/thresholds.js";
import type { CheckinScore } from "./scores.js";

/** Flag kinds, in the order a therapist reads them: risk always first, good news last. */
export const flagKinds = [
  "risk",
  "undeliverable",
  "low",
  "drop",
  "below_baseline",
  "unrepaired",
  "disagreement",
  "quiet",
  "ceiling",
  "repaired",
] as const;
export type FlagKind = (typeof flagKinds)[number];

/** A flag with the numbers behind it; the reason in words is written from these by the renderer. */
export interface Flag {
  kind: FlagKind;
  /** The check-in (or event) it is about. */
  at: Date;
  numbers: Record<string, number | string>;
}

export interface Baseline {
  mean: number;
  sd: number;
  /** How many earlier check-ins it was computed from. */
  count: number;
}

export interface EvaluatedCheckin {
  score: CheckinScore;
  baseline: Baseline | undefined;
  flags: Flag[];
}

/** A rupture not yet repaired, with what a repair is measured against. */
export interface RuptureEpisode {
  since: Date;
  /** Overall score to get back to (within the repair band), or none when no baseline existed. */
  reference: Baseline | undefined;
  /** Check-ins in a row since the last rupture sign that had none (but were not back near the reference). */
  calm: number;
}

export interface ClientEvaluation {
  checkins: EvaluatedCheckin[];
  /** The rupture still open after the last check-in, if any. */
  openRupture: RuptureEpisode | undefined;
}

// Scores are means of small integers; this keeps 3.9999999 from missing a threshold of 4.
const epsilon = 1e-9;
const round = (n: number) => Math.round(n * 100) / 100;

/** Mean and sample SD (floored) of earlier overall scores; undefined until there are enough. */
export function baselineOf(earlier: CheckinScore[], t: FlagThresholds): Baseline | undefined {
  const window = earlier.slice(-t.baselineWindow).map((c) => c.overall);
  if (window.length < t.baselineMinCheckins) return undefined;
  const mean = window.reduce((a, b) => a + b, 0) / window.length;
  const variance = window.reduce((a, b) => a + (b - mean) ** 2, 0) / (window.length - 1);
  return { mean, sd: Math.max(Math.sqrt(variance), t.sdFloor), count: window.length };
}

function ruptureFlags(
  current: CheckinScore,
  previous: CheckinScore | undefined,
  baseline: Baseline | undefined,
  t: FlagThresholds,
): Flag[] {
  const flags: Flag[] = [];
  const at = current.at;
  const lowItems = [...current.items].filter(([, item]) => item.score <= t.lowItem + epsilon);
  if (lowItems.length > 0 || current.overall <= t.lowOverall + epsilon) {
    const [lowest] = [...current.items].sort((a, b) => a[1].score - b[1].score);
    flags.push({
      kind: "low",
      at,
      numbers: {
        overall: round(current.overall),
        ...(lowest ? { item: lowest[0], dimension: lowest[1].dimension, itemScore: round(lowest[1].score) } : {}),
        lowItem: t.lowItem,
        lowOverall: t.lowOverall,
      },
    });
  }
  if (previous) {
    const overallDrop = previous.overall - current.overall;
    let worst: { item: string; dimension: string; from: number; to: number } | undefined;
    for (const [id, item] of current.items) {
      const before = previous.items.get(id);
      if (!before) continue;
      const fall = before.score - item.score;
      if (fall + epsilon >= t.dropItem && (!worst || fall > worst.from - worst.to)) {
        worst = { item: id, dimension: item.dimension, from: before.score, to: item.score };
      }
    }
    if (overallDrop + epsilon >= t.dropOverall || worst) {
      flags.push({
        kind: "drop",
        at,
        numbers: {
          from: round(previous.overall),
          to: round(current.overall),
          ...(worst
            ? { item: worst.item, dimension: worst.dimension, itemFrom: round(worst.from), itemTo: round(worst.to) }
            : {}),
        },
      });
    }
  }
  if (baseline && baseline.mean - current.overall + epsilon >= t.baselineSds * baseline.sd) {
    flags.push({
      kind: "below_baseline",
      at,
      numbers: {
        overall: round(current.overall),
        mean: round(baseline.mean),
        sd: round(baseline.sd),
        sds: round((baseline.mean - current.overall) / baseline.sd),
        count: baseline.count,
      },
    });
  }
  return flags;
}

function isRepair(current: CheckinScore, episode: RuptureEpisode, t: FlagThresholds): boolean {
  if (!episode.reference) return true; // No baseline then: a check-in with no rupture sign is the repair.
  return current.overall + epsilon >= episode.reference.mean - t.repairSds * episode.reference.sd;
}

/** Evaluates one client's scored check-ins, oldest first. */
export function evaluateClient(scores: CheckinScore[], t: FlagThresholds): ClientEvaluation {
  const checkins: EvaluatedCheckin[] = [];
  let open: RuptureEpisode | undefined;
  let topRun = 0;
  scores.forEach((current, index) => {
    const previous = index > 0 ? scores[index - 1] : undefined;
    const baseline = baselineOf(scores.slice(0, index), t);
    const flags = ruptureFlags(current, previous, baseline, t);
    if (flags.length > 0) {
      // Measured against the baseline before the rupture, so the rupture cannot lower its own bar.
      open ??= { since: current.at, reference: baseline, calm: 0 };
      open.calm = 0;
    } else if (open && isRepair(current, open, t)) {
      flags.push({
        kind: "repaired",
        at: current.at,
        numbers: {
          overall: round(current.overall),
          since: open.since.toISOString(),
          ...(open.reference ? { mean: round(open.reference.mean) } : {}),
        },
      });
      open = undefined;
    } else if (open) {
      // Steady without a rupture sign, just not back up: after enough of these it is a new level.
      open.calm += 1;
      if (open.calm >= t.unrepairedCloseAfter) open = undefined;
    }
    const allTop = current.complete && [...current.items.values()].every((item) => item.atTop);
    topRun = allTop ? topRun + 1 : 0;
    if (topRun >= t.ceilingRun) flags.push({ kind: "ceiling", at: current.at, numbers: { run: topRun } });
    checkins.push({ score: current, baseline, flags });
  });
  return { checkins, openRupture: open };
}

/** True when the client's latest check-ins form a ceiling run: what turns the extra question on. */
export function endsAtCeiling(scores: CheckinScore[], t: FlagThresholds): boolean {
  const tail = scores.slice(-t.ceilingRun);
  return tail.length === t.ceilingRun && tail.every((c) => c.complete && [...c.items.values()].every((i) => i.atTop));
}
