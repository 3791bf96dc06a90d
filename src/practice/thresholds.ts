/**
 * The numbers behind the rupture and disengagement flags, per practice. Defaults follow the issue's
 * clinical brief (scores on a 1–5 scale); a practice changes them in its settings, never in code.
 */
import { z } from "zod";

const score = z.number().min(0).max(4);

export const flagThresholdsSchema = z.strictObject({
  /** *low*: any alliance item at or below this… */
  lowItem: z.number().min(1).max(5).default(2),
  /** …or the overall score at or below this. */
  lowOverall: z.number().min(1).max(5).default(3),
  /** *drop*: overall this many points below the previous check-in… */
  dropOverall: score.default(1),
  /** …or any one item this many points below it. */
  dropItem: score.default(2),
  /** *below baseline*: overall this many standard deviations below the client's own mean. */
  baselineSds: z.number().min(0.5).max(5).default(1.5),
  /** Earlier check-ins needed before a baseline exists. */
  baselineMinCheckins: z.number().int().min(2).max(20).default(3),
  /** The baseline is the mean of at most this many earlier check-ins (a rolling window). */
  baselineWindow: z.number().int().min(3).max(52).default(8),
  /** A steady client's SD can be 0; this floor keeps their first small dip from counting as infinite. */
  sdFloor: z.number().min(0.1).max(2).default(0.5),
  /** *repaired*: back within this many SDs of the baseline the rupture was measured against. */
  repairSds: z.number().min(0).max(3).default(0.5),
  /**
   * *unrepaired*: a rupture that never gets back near the earlier level stops being carried after this
   * many check-ins in a row without a rupture sign: the client has settled at a new level (say, from
   * the ceiling to "mostly"), and a flag that never ends stops being read.
   */
  unrepairedCloseAfter: z.number().int().min(1).max(20).default(3),
  /** *ceiling*: every item at the scale's top this many check-ins in a row. */
  ceilingRun: z.number().int().min(2).max(10).default(3),
  /** *quiet*: this many delivered check-ins in a row left unanswered (never-sent ones do not count). */
  quietRun: z.number().int().min(1).max(10).default(2),
});
export type FlagThresholds = z.infer<typeof flagThresholdsSchema>;

export const defaultThresholds: FlagThresholds = flagThresholdsSchema.parse({});
