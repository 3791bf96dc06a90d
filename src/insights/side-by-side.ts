/**
 * The therapist's own rating of a session beside the client's check-ins about the same session, per
 * dimension, and when the two disagree enough to be worth a look. The client's "work" is the mean of
 * their goals and tasks (the therapist is asked about agreement on the work as one question).
 *
 * Research on alliance ruptures finds that clients report fewer ruptures than therapists notice, so a
 * therapist's low rating beside a client's good scores is flagged as much as the reverse: either
 * side may be seeing what the other is not.
 */
import type { SessionRating } from "../db/repos/ratings.js";
import { type RatingDimension, ratingDimensions } from "../db/schema.js";
import type { FlagThresholds } from "../practice/thresholds.js";
import type { Dimension } from "./chart/chart-input.js";
import type { EvaluatedCheckin, Flag, FlagKind } from "./flags.js";

/** Points apart on the 1–5 scale, either way, that make a disagreement. */
export const disagreementGap = 1.5;

/** The client's rupture signs that count as "their scores show it". */
const ruptureKinds: readonly FlagKind[] = ["low", "drop", "below_baseline"];

export interface SessionSides {
  sessionAt: Date;
  /** Means of the client's check-ins about the session; absent: the client gave none for it. */
  client: Partial<Record<RatingDimension, number>>;
  therapist: Partial<Record<RatingDimension, number>>;
  /** One of the client's check-ins about the session raised a rupture sign. */
  clientFlagged: boolean;
  /**
   * The client's overall score for the session (the mean over their check-ins about it) and the
   * therapist's mean rating: what is compared for a client who shares only the overall score.
   */
  overall?: { client?: number; therapist?: number };
}

const clientParts: Record<RatingDimension, readonly Dimension[]> = {
  safety: ["safety"],
  bond: ["bond"],
  work: ["goals", "tasks"],
};

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const round = (n: number) => Math.round(n * 100) / 100;
// Scores are means of small integers; this keeps 1.4999999 from missing the gap of 1.5.
const epsilon = 1e-9;

/**
 * Each rated session with the client's side beside it. `sessionOf` gives the start of the session
 * each check-in (by occurrence id) is about.
 */
export function sessionSides(
  ratings: readonly SessionRating[],
  checkins: readonly EvaluatedCheckin[],
  sessionOf: ReadonlyMap<number, Date | null>,
): SessionSides[] {
  return ratings.map((rating) => {
    const about = checkins.filter(
      (c) => sessionOf.get(c.score.occurrenceId)?.getTime() === rating.sessionStartsAt.getTime(),
    );
    const client: SessionSides["client"] = {};
    for (const dimension of ratingDimensions) {
      // Per check-in first (goals and tasks make one "work"), then across the session's check-ins.
      const perCheckin = about.flatMap((c) => {
        const parts = clientParts[dimension].flatMap((d) => {
          const value = c.score.dimensions[d];
          return value === undefined ? [] : [value];
        });
        return parts.length === 0 ? [] : [mean(parts)];
      });
      if (perCheckin.length > 0) client[dimension] = mean(perCheckin);
    }
    const rated = Object.values(rating.values).filter((v): v is number => v !== undefined);
    return {
      sessionAt: rating.sessionStartsAt,
      client,
      therapist: rating.values,
      clientFlagged: about.some((c) => c.flags.some((f) => ruptureKinds.includes(f.kind))),
      overall: {
        ...(about.length > 0 ? { client: round(mean(about.map((c) => c.score.overall))) } : {}),
        ...(rated.length > 0 ? { therapist: round(mean(rated)) } : {}),
      },
    };
  });
}

/**
 * A disagreement about one session: the two sides at least `disagreementGap` apart on a dimension
 * (the widest gap is named), or the therapist rating a dimension low (at or below the practice's
 * low-item threshold) while none of the client's check-ins about it showed a rupture sign. Only where
 * the client answered about the session: without their side there is nothing to disagree with.
 */
export function disagreementOf(sides: SessionSides, thresholds: FlagThresholds): Flag | undefined {
  let widest: { dimension: RatingDimension; gap: number } | undefined;
  for (const dimension of ratingDimensions) {
    const client = sides.client[dimension];
    const therapist = sides.therapist[dimension];
    if (client === undefined || therapist === undefined) continue;
    const gap = therapist - client;
    if (Math.abs(gap) + epsilon >= disagreementGap && (!widest || Math.abs(gap) > Math.abs(widest.gap))) {
      widest = { dimension, gap };
    }
  }
  const lowUnseen = sides.clientFlagged
    ? undefined
    : ratingDimensions.find((d) => {
        const therapist = sides.therapist[d];
        return therapist !== undefined && sides.client[d] !== undefined && therapist <= thresholds.lowItem + epsilon;
      });
  const dimension = widest?.dimension ?? lowUnseen;
  if (dimension === undefined) return undefined;
  return {
    kind: "disagreement",
    at: sides.sessionAt,
    numbers: {
      dimension,
      client: round(sides.client[dimension] as number),
      therapist: sides.therapist[dimension] as number,
      // Which way it goes decides the wording: "you rated lower" or "you rated higher".
      direction: (sides.therapist[dimension] as number) < (sides.client[dimension] as number) ? "lower" : "higher",
      reason: widest ? "gap" : "rupture_unseen",
      sessionAt: sides.sessionAt.toISOString(),
    },
  };
}
