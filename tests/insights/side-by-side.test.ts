/**
 * The therapist's rating beside the client's check-ins about the same session, and the disagreement
 * flag: 1.5 points apart either way (the widest gap named), or the therapist rating a dimension low
 * while the client's check-ins about that session showed no rupture sign; nothing without the
 * client's side.
 */
import { describe, expect, it } from "vitest";
import type { SessionRating } from "../../src/db/repos/ratings.js";
import type { Dimension } from "../../src/insights/chart/chart-input.js";
import type { EvaluatedCheckin, Flag } from "../../src/insights/flags.js";
import { disagreementOf, type SessionSides, sessionSides } from "../../src/insights/side-by-side.js";
import { flagThresholdsSchema } from "../../src/practice/thresholds.js";

const thresholds = flagThresholdsSchema.parse({});
const thursday = new Date("2026-01-08T13:00:00Z");
const tuesday = new Date("2026-01-13T08:00:00Z");

function checkin(occurrenceId: number, dimensions: Partial<Record<Dimension, number>>, flags: Flag["kind"][] = []) {
  return {
    score: { occurrenceId, at: thursday, items: new Map(), dimensions, overall: 3, complete: true },
    baseline: undefined,
    flags: flags.map((kind) => ({ kind, at: thursday, numbers: {} })),
  } satisfies EvaluatedCheckin;
}

const rating = (values: SessionRating["values"], at = thursday): SessionRating => ({
  clientId: 1,
  sessionId: 1,
  sessionStartsAt: at,
  values,
});

const sides = (therapist: SessionSides["therapist"], client: SessionSides["client"], clientFlagged = false) => ({
  sessionAt: thursday,
  therapist,
  client,
  clientFlagged,
});

describe("the two sides of a session", () => {
  it("puts the means of the client's check-ins about that session beside the rating, work from goals and tasks", () => {
    const checkins = [
      checkin(1, { safety: 4, bond: 5, goals: 4, tasks: 2 }),
      checkin(2, { safety: 5, bond: 4, goals: 5 }),
      // About another session, and about none: not on this session's side.
      checkin(3, { safety: 1, bond: 1, goals: 1, tasks: 1 }, ["low"]),
      checkin(4, { safety: 1 }),
    ];
    const sessionOf = new Map<number, Date | null>([
      [1, thursday],
      [2, new Date(thursday)],
      [3, tuesday],
      [4, null],
    ]);
    expect(sessionSides([rating({ safety: 3, work: 2 })], checkins, sessionOf)).toEqual([
      {
        sessionAt: thursday,
        therapist: { safety: 3, work: 2 },
        client: { safety: 4.5, bond: 4.5, work: 4 },
        clientFlagged: false,
        // For a client who shares only the overall score: their overall beside the therapist's mean.
        overall: { client: 3, therapist: 2.5 },
      },
    ]);
    expect(sessionSides([rating({ bond: 2 }, tuesday)], checkins, sessionOf)[0]?.clientFlagged).toBe(true);
  });
});

describe("disagreement", () => {
  it("flags 1.5 points apart in either direction, naming the widest gap", () => {
    expect(
      disagreementOf(sides({ safety: 3, bond: 2, work: 4 }, { safety: 4.5, bond: 4.5, work: 4 }), thresholds),
    ).toMatchObject({
      kind: "disagreement",
      numbers: { dimension: "bond", therapist: 2, client: 4.5, direction: "lower", reason: "gap" },
    });
    expect(disagreementOf(sides({ work: 5 }, { work: 3.5 }), thresholds)?.numbers).toMatchObject({
      dimension: "work",
      direction: "higher",
    });
    expect(
      disagreementOf(sides({ safety: 4, bond: 4, work: 4 }, { safety: 2.6, bond: 5, work: 3 }), thresholds),
    ).toBeUndefined();
  });

  it("flags a low rating by the therapist that the client's scores do not show, unless they do", () => {
    const low = thresholds.lowItem;
    expect(disagreementOf(sides({ safety: low }, { safety: low + 1 }), thresholds)?.numbers).toMatchObject({
      dimension: "safety",
      reason: "rupture_unseen",
    });
    expect(disagreementOf(sides({ safety: low }, { safety: low + 1 }, true), thresholds)).toBeUndefined();
    expect(disagreementOf(sides({ safety: low + 1 }, { safety: low + 1 }), thresholds)).toBeUndefined();
  });

  it("says nothing without the client's side of that session", () => {
    expect(disagreementOf(sides({ safety: 1, bond: 1, work: 1 }, {}), thresholds)).toBeUndefined();
  });
});
