/**
 * Builds one therapist's weekly summary from the database: their time zone decides the week's bounds,
 * their practice's settings the flag thresholds.
 */
import { DateTime } from "luxon";
import type { DbOrTx } from "../db/connection.js";
import { loadCaseload } from "../db/repos/insights.js";
import { getPractice, getTherapist, type TherapistRow } from "../db/repos/people.js";
import { ratingsOfClients, type SessionRating } from "../db/repos/ratings.js";
import { type ReleasedTopic, releasedTopicsOfClients } from "../db/repos/topics.js";
import { settingsOf } from "../practice/settings.js";
import type { Prompts } from "../prompts/load.js";
import { type ScoringKey, scoringKeyOf } from "./scores.js";
import { buildWeeklySummary, lookbackWeeks, type WeeklySummary } from "./weekly-summary.js";
import { shiftWeek, type Week, weekContaining } from "./weeks.js";

const keys = new WeakMap<Prompts, ScoringKey>();
/** Built once per loaded prompts: the check-in definitions do not change while Interlude runs. */
export function scoringKeyFor(prompts: Prompts): ScoringKey {
  let key = keys.get(prompts);
  if (!key) {
    key = scoringKeyOf(prompts.checkins.values());
    keys.set(prompts, key);
  }
  return key;
}

/** Every item id that is scored in any check-in definition: the only answers a summary reads. */
export function scoredItemIds(prompts: Prompts): string[] {
  return [...new Set([...scoringKeyFor(prompts).values()].flatMap((items) => [...items.keys()]))];
}

/** The zone a therapist's weeks are counted in: theirs, else their practice's. */
export function therapistZone(db: DbOrTx, therapist: TherapistRow): string {
  return therapist.timezone ?? getPractice(db, therapist.practiceId)?.timezone ?? "UTC";
}

/** The last complete week before `now` in the therapist's zone: what Monday's summary covers. */
export function lastCompleteWeek(now: Date, zone: string): Week {
  return shiftWeek(weekContaining(now, zone), -1, zone);
}

export function summariseWeek(
  db: DbOrTx,
  prompts: Prompts,
  therapistId: number,
  week: Week,
  now: Date,
): WeeklySummary | undefined {
  const therapist = getTherapist(db, therapistId);
  const practice = therapist ? getPractice(db, therapist.practiceId) : undefined;
  if (!therapist || !practice) return undefined;
  const zone = therapistZone(db, therapist);
  const from = DateTime.fromJSDate(week.start, { zone }).minus({ weeks: lookbackWeeks }).toJSDate();
  // For the week still running (an on-demand summary) this reads everything up to now.
  const history = loadCaseload(db, therapistId, {
    from,
    to: week.end,
    notesFrom: week.start,
    scoredItems: scoredItemIds(prompts),
    noteSharing: settingsOf(practice).noteSharing,
  });
  const ratings = new Map<number, SessionRating[]>();
  for (const rating of ratingsOfClients(
    db,
    history.clients.map((c) => c.id),
    week.start,
    week.end,
  )) {
    ratings.set(rating.clientId, [...(ratings.get(rating.clientId) ?? []), rating]);
  }
  const topics = new Map<number, ReleasedTopic[]>();
  for (const topic of releasedTopicsOfClients(
    db,
    history.clients.map((c) => c.id),
    week.start,
    week.end,
  )) {
    topics.set(topic.clientId, [...(topics.get(topic.clientId) ?? []), topic]);
  }
  return buildWeeklySummary({
    therapistId,
    week,
    zone,
    history,
    ratings,
    topics,
    key: scoringKeyFor(prompts),
    thresholds: settingsOf(practice).flags,
    now,
  });
}
