import { describe, expect, it } from "vitest";
import type { AnswerRecord } from "../../src/db/repos/insights.js";
import { scoreCheckins, scoringKeyOf, toCommonScale } from "../../src/insights/scores.js";
import type { CheckinFile } from "../../src/prompts/checkin-schema.js";
import { prompts } from "../helpers/harness.js";

const key = scoringKeyOf(prompts().checkins.values());
const at = (minute: number) => new Date(Date.UTC(2026, 10, 16, 9, minute));
const answer = (
  occurrenceId: number,
  itemId: string,
  value: number | null,
  extra: Partial<AnswerRecord> = {},
): AnswerRecord => ({
  occurrenceId,
  checkinId: "alliance-safety",
  itemId,
  itemVersion: 1,
  value,
  text: null,
  skipped: value === null,
  answeredAt: at(occurrenceId),
  ...extra,
});

describe("scores", () => {
  it("scores only the alliance items, per dimension and overall", () => {
    const [score] = scoreCheckins(
      [
        answer(1, "safe_to_say", 5),
        answer(1, "understood", 4),
        answer(1, "worked_on_what_matters", 3),
        answer(1, "way_of_working", 2),
        answer(1, "risk", 1),
        answer(1, "note", null, { text: "hello", skipped: false }),
      ],
      key,
    );
    expect(score?.dimensions).toEqual({ safety: 5, bond: 4, goals: 3, tasks: 2 });
    expect(score?.overall).toBe(3.5);
    expect(score?.complete).toBe(true);
    expect([...(score?.items.keys() ?? [])]).toEqual([
      "safe_to_say",
      "understood",
      "worked_on_what_matters",
      "way_of_working",
    ]);
  });

  it("leaves skipped items out, marks the check-in incomplete, and drops check-ins with nothing scored", () => {
    const scores = scoreCheckins(
      [answer(1, "safe_to_say", 4), answer(1, "understood", null), answer(2, "note", null)],
      key,
    );
    expect(scores).toHaveLength(1);
    expect(scores[0]).toMatchObject({ overall: 4, complete: false, dimensions: { safety: 4 } });
  });

  it("keeps an item's history across versions and returns check-ins oldest first", () => {
    const scores = scoreCheckins(
      [answer(2, "understood", 3, { itemVersion: 2 }), answer(1, "understood", 5, { itemVersion: 1 })],
      key,
    );
    expect(scores.map((s) => [s.occurrenceId, s.items.get("understood")?.version, s.dimensions.bond])).toEqual([
      [1, 1, 5],
      [2, 2, 3],
    ]);
  });

  it("puts any scale on 1–5 so thresholds mean the same", () => {
    const tenPoint = { dimension: "bond" as const, min: 0, max: 10 };
    expect([0, 5, 10, 12].map((v) => toCommonScale(v, tenPoint))).toEqual([1, 3, 5, 5]);
    const custom: CheckinFile = {
      ...(prompts().checkins.get("alliance-safety") as CheckinFile),
      id: "ten-point",
      scales: {
        ten: {
          options: Array.from({ length: 11 }, (_, v) => ({
            key: String(v),
            value: v,
            button: { en: String(v) },
            label: { en: String(v) },
          })),
        },
      },
      items: [{ id: "bond10", version: 1, kind: "choice", scale: "ten", dimension: "bond", text: { en: "?" } }],
    };
    const [score] = scoreCheckins([{ ...answer(1, "bond10", 10), checkinId: "ten-point" }], scoringKeyOf([custom]));
    expect(score).toMatchObject({ overall: 5, complete: true });
    expect(score?.items.get("bond10")?.atTop).toBe(true);
  });
});
