/**
 * A client who shares only their overall score: the therapist sees the overall trend and the flags,
 * not which question moved. Flags are still computed on every answer (a rupture seen only in one
 * item is still flagged); what changes is what they say. Here a flag loses the item and dimension it
 * named, so its reason falls back to the overall-only sentence, and a disagreement with the
 * therapist's rating compares the client's overall score with the therapist's mean rating.
 */
import type { FlagThresholds } from "../practice/thresholds.js";
import type { Flag } from "./flags.js";
import { disagreementGap, type SessionSides } from "./side-by-side.js";

/** The numbers that would say which item or dimension moved. */
const itemNumbers = ["item", "dimension", "itemScore", "itemFrom", "itemTo"];

/** A flag as an overall-only client's therapist may read it; the disagreement is recomputed apart. */
export function overallFlag(flag: Flag): Flag {
  const numbers = Object.fromEntries(Object.entries(flag.numbers).filter(([key]) => !itemNumbers.includes(key)));
  return { ...flag, numbers };
}

/** A session's two sides with nothing per dimension: the client's overall beside the therapist's mean. */
export function overallSides(sides: SessionSides): SessionSides {
  return { ...sides, client: {}, therapist: {}, overall: sides.overall ?? {} };
}

// Scores are means of small integers; this keeps 1.4999999 from missing the gap.
const epsilon = 1e-9;

/**
 * The disagreement rule on the overall score: the client's overall and the therapist's mean rating at
 * least `disagreementGap` apart, or the therapist's mean at or below the low-item threshold while none
 * of the client's check-ins about the session showed a rupture sign.
 */
export function overallDisagreement(sides: SessionSides, thresholds: FlagThresholds): Flag | undefined {
  const client = sides.overall?.client;
  const therapist = sides.overall?.therapist;
  if (client === undefined || therapist === undefined) return undefined;
  const gap = Math.abs(therapist - client) + epsilon >= disagreementGap;
  const unseen = !sides.clientFlagged && therapist <= thresholds.lowItem + epsilon;
  if (!gap && !unseen) return undefined;
  return {
    kind: "disagreement",
    at: sides.sessionAt,
    numbers: {
      dimension: "overall",
      client,
      therapist,
      direction: therapist < client ? "lower" : "higher",
      reason: gap ? "gap" : "rupture_unseen",
      sessionAt: sides.sessionAt.toISOString(),
    },
  };
}
