/**
 * Why a slot is sent when it is, step by step as `sendTimeOf` moves it: the random delay drawn for it,
 * then quiet hours (a send inside moves to the window's end), then the DST policy (a local time that
 * does not exist that night moves to the first minute after the gap). For `schedule show`, so an
 * administrator sees the rule that moved a send rather than a time that seems wrong.
 */

import {
  instantOf,
  localDateOf,
  localTimeOf,
  naiveMsToWall,
  type WallTime,
  wallTimeOf,
  wallToNaiveMs,
} from "../i18n/wall-time.js";
import { outsideQuietHours, type ScheduleRules } from "./slots.js";

/** One rule that moved a send, as data: for words in a reader's own language (the web view). */
export type SendMove =
  | { kind: "delay"; minutes: number }
  | { kind: "quiet"; start: string; end: string }
  | { kind: "clock_gap"; time: string; date: string };

export interface ExplainedSend {
  /** The local time the schedule names. */
  slot: WallTime;
  /** When it is actually sent: always what `sendTimeOf` gives for the same inputs. */
  sendAt: Date;
  /** Each rule that moved it, in the order applied; empty when it is sent on the dot. */
  reasons: string[];
  /** The same rules as data, in the same order. */
  moves: SendMove[];
}

const minuteMs = 60_000;

export function explainSend(rules: ScheduleRules, slot: WallTime, jitterMinutes: number, zone: string): ExplainedSend {
  const reasons: string[] = [];
  const moves: SendMove[] = [];
  const jittered = naiveMsToWall(wallToNaiveMs(slot) + jitterMinutes * minuteMs);
  if (jitterMinutes > 0) {
    reasons.push(`random delay of ${jitterMinutes} min drawn for this send`);
    moves.push({ kind: "delay", minutes: jitterMinutes });
  }
  const outside = outsideQuietHours(rules, jittered);
  if (wallToNaiveMs(outside) !== wallToNaiveMs(jittered)) {
    reasons.push(`inside quiet hours ${rules.quietStart}–${rules.quietEnd}`);
    moves.push({ kind: "quiet", start: rules.quietStart ?? "", end: rules.quietEnd ?? "" });
  }
  const sendAt = instantOf(outside, zone);
  if (wallToNaiveMs(wallTimeOf(sendAt, zone)) !== wallToNaiveMs(outside)) {
    reasons.push(
      `${localTimeOf(outside)} does not exist on ${localDateOf(outside)} in ${zone} (the clocks go forward); sent at the first minute after`,
    );
    moves.push({ kind: "clock_gap", time: localTimeOf(outside), date: localDateOf(outside) });
  }
  return { slot, sendAt, reasons, moves };
}
