/**
 * One client's record as their therapist's page shows it: the running week exactly as the caseload
 * and `/summary ALIAS` read it (flags, latest scores, trends), and over the chart's twelve weeks the
 * therapist's ratings beside the client's check-ins, each check-in's scores and flags, the notes and
 * topics the client released to the therapist, the sessions, and the check-ins' timeline.
 *
 * It reads what the summary reads, for this client only, and applies the same rules: a private note's
 * text is never read, a note for the next session appears once that session has started, an "at the
 * session" topic carries no words, and for a client who shares only their overall score nothing names
 * a dimension or an item. Who may see it is the caller's to check (mayViewClient); this reads only a
 * client of `therapistId`'s own.
 */
import { DateTime } from "luxon";
import type { DbOrTx } from "../db/connection.js";
import { loadCaseload } from "../db/repos/insights.js";
import { getClient, getPractice, getTherapist } from "../db/repos/people.js";
import { ratingsOfClients } from "../db/repos/ratings.js";
import { type SessionRow, sessionsBetween } from "../db/repos/sessions.js";
import { occurrenceTimeline, type TimelineEntry } from "../db/repos/timeline.js";
import { type ReleasedTopic, releasedTopicsOfClients } from "../db/repos/topics.js";
import { settingsOf } from "../practice/settings.js";
import type { Prompts } from "../prompts/load.js";
import { evaluateClient, type Flag } from "./flags.js";
import { type ReleasedNotes, releasedNotes } from "./note-release.js";
import { overallFlag, overallSides } from "./overall-only.js";
import type { CheckinScore } from "./scores.js";
import { type SessionSides, sessionSides } from "./side-by-side.js";
import { scoredItemIds, scoringKeyFor, therapistZone } from "./summarise.js";
import {
  buildWeeklySummary,
  type ClientWeek,
  chartWeeks as chartWeekCount,
  lookbackWeeks,
  scoreRows,
} from "./weekly-summary.js";
import { type Week, weekContaining, weeksEndingWith } from "./weeks.js";

/** How many of the latest check-ins the timeline lists. */
export const timelineLength = 50;
/** Sessions are listed from the chart's first week to this far ahead (a weekly series exists 8 weeks ahead). */
const sessionsAheadDays = 400;

/** A check-in of the timeline with what it scored and raised (for an overall-only client: overall only). */
export interface TimelineCheckin {
  entry: TimelineEntry;
  score: Pick<CheckinScore, "overall" | "dimensions"> | undefined;
  flags: Flag[];
}

export interface ClientRecord {
  /** The running week, as the caseload row and `/summary ALIAS` show it. */
  client: ClientWeek;
  week: Week;
  /** The chart's weeks, oldest first; the notes, topics, ratings and sessions below are read over them. */
  chartWeeks: Week[];
  /** Each session in the chart's weeks the therapist rated, the client's side beside it, oldest first. */
  sides: SessionSides[];
  notes: ReleasedNotes;
  topics: ReleasedTopic[];
  /** From the chart's first week on, planned ones ahead included, earliest first. */
  sessions: SessionRow[];
  /** The latest check-ins, newest first. */
  timeline: TimelineCheckin[];
}

export function clientRecord(
  db: DbOrTx,
  prompts: Prompts,
  input: { therapistId: number; clientId: number },
  now: Date,
): ClientRecord | undefined {
  const row = getClient(db, input.clientId);
  const therapist = getTherapist(db, input.therapistId);
  const practice = therapist ? getPractice(db, therapist.practiceId) : undefined;
  if (!row || !therapist || !practice || row.therapistId !== therapist.id) return undefined;
  const zone = therapistZone(db, therapist);
  const week = weekContaining(now, zone);
  const settings = settingsOf(practice);
  const key = scoringKeyFor(prompts);
  const chartStart = (weeksEndingWith(week, chartWeekCount, zone)[0] as Week).start;
  const history = loadCaseload(db, therapist.id, {
    from: DateTime.fromJSDate(week.start, { zone }).minus({ weeks: lookbackWeeks }).toJSDate(),
    to: week.end,
    notesFrom: chartStart,
    scoredItems: scoredItemIds(prompts),
    noteSharing: settings.noteSharing,
    clientId: row.id,
  });
  // A stopped client with nothing in the 26 weeks is left out of a caseload, not out of their own page.
  if (history.clients.length === 0) {
    history.clients.push({ id: row.id, alias: row.alias, status: row.status, scoreDetail: row.scoreDetail });
  }
  const ratings = ratingsOfClients(db, [row.id], chartStart, week.end);
  const topics = releasedTopicsOfClients(db, [row.id], chartStart, week.end);
  const summary = buildWeeklySummary({
    therapistId: therapist.id,
    week,
    zone,
    history,
    ratings: new Map([[row.id, ratings]]),
    topics: new Map([[row.id, topics]]),
    key,
    thresholds: settings.flags,
    now,
  });
  const client = summary.clients[0] as ClientWeek;
  const chartWeeks = summary.chartWeeks;
  const overallOnly = client.scoreDetail === "overall";

  const outcomes = history.occurrences.get(row.id) ?? [];
  const evaluated = evaluateClient(
    scoreRows(history.answers.get(row.id) ?? [], outcomes, key),
    settings.flags,
  ).checkins;
  const sessionOf = new Map(outcomes.map((o) => [o.id, o.sessionStartsAt]));
  const sides = sessionSides(ratings, evaluated, sessionOf);
  const byOccurrence = new Map(evaluated.map((c) => [c.score.occurrenceId, c]));
  const timeline = occurrenceTimeline(db, row.id, timelineLength).map((entry): TimelineCheckin => {
    const checkin = byOccurrence.get(entry.occurrenceId);
    return {
      entry,
      score: checkin
        ? { overall: checkin.score.overall, dimensions: overallOnly ? {} : checkin.score.dimensions }
        : undefined,
      flags: checkin ? (overallOnly ? checkin.flags.map(overallFlag) : checkin.flags) : [],
    };
  });
  // The chart's twelve weeks as one span: the notes released in any of them.
  const span: Week = { ...(chartWeeks[0] as Week), end: week.end };
  return {
    client,
    week,
    chartWeeks,
    sides: overallOnly ? sides.map(overallSides) : sides,
    notes: releasedNotes(history.notes.get(row.id) ?? [], history.sessionStarts.get(row.id) ?? [], span, now),
    topics,
    sessions: sessionsBetween(db, row.id, chartStart, new Date(now.getTime() + sessionsAheadDays * 86_400_000)),
    timeline,
  };
}
