import { describe, expect, it } from "vitest";
import { practiceConfigSchema } from "../../src/admin/config-schema.js";
import type { AnswerRecord } from "../../src/db/repos/insights.js";
import { type ClientEvaluation, evaluateClient } from "../../src/insights/flags.js";
import { scoreCheckins, scoringKeyOf } from "../../src/insights/scores.js";
import { parsePracticeSettings } from "../../src/practice/settings.js";
import { defaultThresholds, flagThresholdsSchema } from "../../src/practice/thresholds.js";
import { prompts } from "../helpers/harness.js";
import { allianceItems } from "../helpers/history.js";

const key = scoringKeyOf(prompts().checkins.values());

/** Check-ins three days apart from 2026-09-01, each the four alliance items in order. */
function evaluate(history: number[][], thresholds = defaultThresholds): ClientEvaluation {
  const records: AnswerRecord[] = history.flatMap((values, n) =>
    values.map((value, i) => ({
      occurrenceId: n + 1,
      checkinId: "alliance-safety",
      itemId: allianceItems[i] as string,
      itemVersion: 1,
      value,
      text: null,
      skipped: false,
      answeredAt: new Date(Date.UTC(2026, 8, 1 + n * 3, 9)),
    })),
  );
  return evaluateClient(scoreCheckins(records, key), thresholds);
}

const kinds = (e: ClientEvaluation) => e.checkins.map((c) => c.flags.map((f) => f.kind));

describe("flags from hand-worked histories", () => {
  it("a steady client raises nothing", () => {
    const e = evaluate([
      [4, 4, 4, 4],
      [4, 5, 4, 4],
      [4, 4, 4, 4],
      [5, 4, 4, 4],
      [4, 4, 4, 4],
      [4, 4, 5, 4],
    ]);
    expect(kinds(e)).toEqual([[], [], [], [], [], []]);
    expect(e.openRupture).toBeUndefined();
  });

  it("a slow decline is caught by the baseline before any single drop is large", () => {
    // Overall 4.5, 4.25, 4, 3.75, 3.5, 3.25. At the sixth: the five before have mean 4.0 and SD 0.40,
    // floored to 0.5, so 4.0 − 3.25 = 0.75 is exactly 1.5 SD: flagged. No step is a 1-point drop.
    const e = evaluate([
      [5, 5, 4, 4],
      [5, 4, 4, 4],
      [4, 4, 4, 4],
      [4, 4, 4, 3],
      [4, 4, 3, 3],
      [4, 3, 3, 3],
    ]);
    expect(kinds(e)).toEqual([[], [], [], [], [], ["below_baseline"]]);
    const flag = e.checkins[5]?.flags[0];
    expect(flag?.numbers).toMatchObject({ overall: 3.25, mean: 4, sd: 0.5, sds: 1.5, count: 5 });
  });

  it("a sudden rupture is low, a drop and below baseline; it is repaired only back near the old baseline", () => {
    const e = evaluate([
      [5, 5, 5, 4], // 4.75
      [5, 4, 5, 5], // 4.75
      [5, 5, 4, 5], // 4.75
      [2, 3, 2, 3], // 2.5: rupture
      [4, 4, 4, 4], // 4: better, but not within 0.5 SD (0.25) of the old 4.75
      [5, 5, 4, 5], // 4.75: repaired
    ]);
    expect(kinds(e)).toEqual([[], [], [], ["low", "drop", "below_baseline"], [], ["repaired"]]);
    const [low, drop, below] = e.checkins[3]?.flags ?? [];
    expect(low?.numbers).toMatchObject({ overall: 2.5, itemScore: 2, item: "safe_to_say", dimension: "safety" });
    expect(drop?.numbers).toMatchObject({ from: 4.75, to: 2.5, itemFrom: 5, itemTo: 2 });
    expect(below?.numbers).toMatchObject({ mean: 4.75, sd: 0.5, sds: 4.5 });
    expect(e.checkins[5]?.flags[0]?.numbers).toMatchObject({ overall: 4.75, mean: 4.75 });
    expect(e.openRupture).toBeUndefined();
  });

  it("a rupture that is not repaired stays open", () => {
    const e = evaluate([
      [4, 4, 4, 4],
      [4, 4, 4, 4],
      [4, 4, 4, 4],
      [2, 2, 3, 3],
      [3, 4, 3, 4],
    ]);
    expect(kinds(e)[3]).toEqual(["low", "drop", "below_baseline"]);
    expect(kinds(e)[4]).toEqual([]);
    expect(e.openRupture?.since).toEqual(e.checkins[3]?.score.at);
  });

  it("a ceiling run is flagged from the third perfect check-in, and the drop after it is not hidden", () => {
    const e = evaluate([
      [5, 5, 5, 5],
      [5, 5, 5, 5],
      [5, 5, 5, 5],
      [5, 5, 5, 5],
      [5, 3, 5, 5],
    ]);
    expect(kinds(e)).toEqual([[], [], ["ceiling"], ["ceiling"], ["drop"]]);
    expect(e.checkins[3]?.flags[0]?.numbers).toEqual({ run: 4 });
    // Overall fell only 0.5, but one item fell by 2.
    expect(e.checkins[4]?.flags[0]?.numbers).toMatchObject({
      from: 5,
      to: 4.5,
      item: "understood",
      itemFrom: 5,
      itemTo: 3,
    });
  });

  it("a first check-in can be low with no baseline; one without flags then counts as repaired", () => {
    const e = evaluate([
      [2, 3, 3, 3],
      [4, 4, 4, 4],
    ]);
    expect(kinds(e)).toEqual([["low"], ["repaired"]]);
  });

  it("the baseline needs three earlier check-ins", () => {
    // 4, 4, then 2.75: a drop (1.25) but no baseline yet.
    const e = evaluate([
      [4, 4, 4, 4],
      [4, 4, 4, 4],
      [3, 3, 3, 2],
    ]);
    expect(kinds(e)[2]).toEqual(["low", "drop"]);
  });

  it("thresholds come from the practice", () => {
    const strict = { ...defaultThresholds, lowOverall: 3.5, dropOverall: 0.5 };
    const e = evaluate(
      [
        [4, 4, 4, 4],
        [4, 3, 4, 3],
      ],
      strict,
    );
    expect(kinds(e)[1]).toEqual(["low", "drop"]);
    expect(
      kinds(
        evaluate([
          [4, 4, 4, 4],
          [4, 3, 4, 3],
        ]),
      )[1],
    ).toEqual([]);
  });
});

describe("a rupture that settles at a new level", () => {
  // Three steady check-ins at 4, a rupture (2.5), then steady at 3.5: never back within 0.5 SD of
  // the old baseline (3.75), and with no rupture sign either (see "a rupture that is not repaired").
  const settled = (calm: number) => [
    [4, 4, 4, 4],
    [4, 4, 4, 4],
    [4, 4, 4, 4],
    [2, 2, 3, 3],
    ...Array.from({ length: calm }, () => [3, 4, 3, 4]),
  ];

  it("stops being carried after three check-ins in a row without a rupture sign", () => {
    expect(evaluate(settled(2)).openRupture?.since).toEqual(evaluate(settled(2)).checkins[3]?.score.at);
    const e = evaluate(settled(3));
    expect(kinds(e).slice(4)).toEqual([[], [], []]);
    expect(e.openRupture).toBeUndefined();
  });

  it("takes the number from the practice's flags.unrepairedCloseAfter", () => {
    const patient = { ...defaultThresholds, unrepairedCloseAfter: 5 };
    expect(evaluate(settled(4), patient).openRupture).toBeDefined();
    expect(evaluate(settled(5), patient).openRupture).toBeUndefined();
    expect(evaluate(settled(1), { ...defaultThresholds, unrepairedCloseAfter: 1 }).openRupture).toBeUndefined();
  });

  it("counts only calm check-ins in a row: a new rupture sign starts the count again", () => {
    const e = evaluate([
      ...settled(2),
      [2, 2, 2, 2], // low again: the same rupture, and the count starts over
      [3, 4, 3, 4],
      [3, 4, 3, 4],
    ]);
    expect(kinds(e)[6]).toContain("low");
    expect(e.openRupture?.since).toEqual(e.checkins[3]?.score.at);
  });

  it("a client at the ceiling who settles at 'mostly' is not carried as a rupture for months", () => {
    const e = evaluate([
      ...Array.from({ length: 6 }, () => [5, 5, 5, 5]),
      ...Array.from({ length: 10 }, () => [4, 4, 4, 4]),
    ]);
    expect(kinds(e)[6]).toContain("drop");
    expect(e.openRupture).toBeUndefined();
    // Without the rule it would still be open (the old level, 5, is never reached again).
    expect(
      evaluate([...Array.from({ length: 6 }, () => [5, 5, 5, 5]), ...Array.from({ length: 10 }, () => [4, 4, 4, 4])], {
        ...defaultThresholds,
        unrepairedCloseAfter: 20,
      }).openRupture,
    ).toBeDefined();
  });

  it("is a practice setting with a default of 3, refused outside 1..20", () => {
    expect(defaultThresholds.unrepairedCloseAfter).toBe(3);
    expect(flagThresholdsSchema.safeParse({ unrepairedCloseAfter: 0 }).success).toBe(false);
    expect(flagThresholdsSchema.safeParse({ unrepairedCloseAfter: 2.5 }).success).toBe(false);
    expect(flagThresholdsSchema.safeParse({ unrepairedCloseAfter: 21 }).success).toBe(false);
    expect(parsePracticeSettings({ flags: { unrepairedCloseAfter: 6 } }).flags.unrepairedCloseAfter).toBe(6);
    expect(practiceConfigSchema.shape.flags.safeParse({ unrepairedCloseAfter: 4 }).success).toBe(true);
  });
});
