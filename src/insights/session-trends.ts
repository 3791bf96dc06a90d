/**
 * Trends per session: for a client whose check-ins are about sessions, the arrow and sparkline are read
 * over their last sessions rather than over calendar weeks, since a week can hold two sessions or none.
 * Built in memory from the outcomes and scores the summary has already loaded.
 */
import type { OccurrenceOutcome } from "../db/repos/insights.js";
import type { CheckinScore } from "./scores.js";

/** What a client's arrow and sparkline are read over: their last sessions, or the last calendar weeks. */
export type TrendBasis = "sessions" | "weeks";

/** The sessions a trend reads, oldest first: each one's start and its answered check-ins (none: "·"). */
export interface SessionBucket {
  startsAt: Date;
  scores: CheckinScore[];
}

/** Closed without an answer after reaching the client: the session was asked about and not answered. */
const askedUnanswered = (o: OccurrenceOutcome) => o.delivered && (o.status === "expired" || o.status === "superseded");

/**
 * The rule. A client's trend is per session when (1) some check-in they answered since `recentFrom`
 * (the start of the trend's weeks) is about a session, and (2) at least two sessions have answered
 * check-ins in what was read. Then the trend is over their last `count` sessions, ordered by when each
 * started: each session's block is the mean of the check-ins about it, "·" when check-ins about it
 * reached the client and all went unanswered; check-ins about no session are left out of the trend
 * (they still count for flags, the latest score and the charts). Otherwise, undefined: the weekly trend
 * applies, over all check-ins, exactly as for a client without sessions. Sessions are told apart by
 * their start, so two records of one appointment make one block.
 */
export function sessionBuckets(
  scores: CheckinScore[],
  outcomes: OccurrenceOutcome[],
  recentFrom: Date,
  count: number,
): SessionBucket[] | undefined {
  const sessionOf = new Map<number, number>();
  for (const o of outcomes) if (o.sessionStartsAt) sessionOf.set(o.id, o.sessionStartsAt.getTime());
  // Most clients have no sessions: this is the whole cost for them.
  if (sessionOf.size === 0) return undefined;
  if (!scores.some((s) => s.at >= recentFrom && sessionOf.has(s.occurrenceId))) return undefined;
  const bySession = new Map<number, CheckinScore[]>();
  for (const score of scores) {
    const start = sessionOf.get(score.occurrenceId);
    if (start === undefined) continue;
    const bucket = bySession.get(start);
    if (bucket) bucket.push(score);
    else bySession.set(start, [score]);
  }
  if (bySession.size < 2) return undefined;
  for (const o of outcomes) {
    if (o.sessionStartsAt && askedUnanswered(o) && !bySession.has(o.sessionStartsAt.getTime())) {
      bySession.set(o.sessionStartsAt.getTime(), []);
    }
  }
  return [...bySession]
    .sort(([a], [b]) => a - b)
    .slice(-count)
    .map(([start, bucket]) => ({ startsAt: new Date(start), scores: bucket }));
}
