/**
 * Sixteen weeks of synthetic history for the demo practice, written once when it is created, so that
 * a newcomer's first `/summary` (and the weekly summary that arrives on start) shows trends, flags
 * and notes instead of an empty caseload. Every client is a DEMO alias of the demo therapist
 * (src/demo/demo-stories.ts says who shows what); everything is drawn from a fixed seed, so every
 * fresh demo holds the same history.
 *
 * Nothing here can reach a person: the clients have no platform account, no schedule and no planned
 * session (so the tick never starts a check-in for them), every session recent enough to be rated
 * has its rating, every topic is already released, and the one risk alert was acknowledged and
 * followed up long ago (src/demo/demo-alert.ts). The only outbox rows are the "already sent" markers
 * of the quiet client's unanswered check-ins (src/demo/demo-checkin.ts).
 */
import type { DbOrTx } from "../db/connection.js";
import { recordConsent } from "../db/repos/checkins.js";
import { createClient, setClientStatus } from "../db/repos/people.js";
import { insertRating, type RatingRow, recordRatingAnswer } from "../db/repos/ratings.js";
import { insertSession } from "../db/repos/sessions.js";
import { insertTopic, markTopicsReleased, markTopicsReminded } from "../db/repos/topics.js";
import { ratingDimensions } from "../db/schema.js";
import { seededRandom } from "../random.js";
import { writeAcknowledgedRiskAlert } from "./demo-alert.js";
import { expiryMinutes, writeDemoCheckin } from "./demo-checkin.js";
import type { DemoStory, SessionRatingValues } from "./demo-stories.js";
import { demoStories } from "./demo-stories.js";
import { demoSessionMinutes, longestAnswerMinutes, type Visit, weeklyVisits } from "./demo-timeline.js";

export const demoHistoryWeeks = 16;
/** Any fixed number: the same seed gives the same demo on every machine and every run. */
const demoHistorySeed = 20_261_207;
/** The consent version recorded for the synthetic clients: no consent text was shown to anyone. */
const demoConsentVersion = "en:demo-history";

export interface DemoHistoryTarget {
  practiceId: number;
  therapistId: number;
  zone: string;
}

export function addDemoHistory(tx: DbOrTx, target: DemoHistoryTarget, now: Date): void {
  // A generator per story: changing one story leaves every other story's draws as they were.
  demoStories.forEach((story, index) => {
    addStory(tx, story, target, now, seededRandom(demoHistorySeed + index));
  });
}

function addStory(tx: DbOrTx, story: DemoStory, target: DemoHistoryTarget, now: Date, random: () => number): void {
  const quietWeeks = story.quietWeeks ?? 0;
  const visits = weeklyVisits(now, target.zone, {
    daysBack: story.daysBack,
    sessionTime: story.sessionTime,
    weeks: demoHistoryWeeks,
    // A client who went quiet: their latest check-in must have expired by now.
    outcomeMinutes: quietWeeks > 0 ? expiryMinutes : longestAnswerMinutes,
  });
  const clientId = enrolClient(tx, story.alias, target, (visits[0] as Visit).sessionStart);
  for (const visit of visits)
    addVisit(tx, { story, target, clientId, visit, answered: visit.weeksAgo >= quietWeeks }, random);
}

/** An active client, enrolled (and consenting) a week before their first session of the history. */
function enrolClient(tx: DbOrTx, alias: string, target: DemoHistoryTarget, firstSession: Date): number {
  const enrolledAt = new Date(firstSession.getTime() - 7 * 86_400_000);
  const client = createClient(
    tx,
    {
      practiceId: target.practiceId,
      therapistId: target.therapistId,
      alias,
      locale: "en",
      checkinId: "alliance-safety",
    },
    enrolledAt,
  );
  recordConsent(
    tx,
    { clientId: client.id, version: demoConsentVersion, decision: "accepted", locale: "en" },
    enrolledAt,
  );
  setClientStatus(tx, client.id, "active");
  return client.id;
}

/** One week: the held session, the check-in about it, and what the story adds to that week. */
function addVisit(
  tx: DbOrTx,
  week: { story: DemoStory; target: DemoHistoryTarget; clientId: number; visit: Visit; answered: boolean },
  random: () => number,
): void {
  const { story, target, clientId, visit } = week;
  const session = insertSession(
    tx,
    {
      clientId,
      startsAt: visit.sessionStart,
      durationMinutes: demoSessionMinutes,
      localDate: visit.localDate,
      localTime: visit.localTime,
      timezone: target.zone,
      source: "cli",
      status: "held",
    },
    // Planned a week ahead, as a weekly client's next session is.
    new Date(visit.sessionStart.getTime() - 7 * 86_400_000),
  );
  // Drawn for every week, answered or not, so going quiet later or sooner leaves the earlier weeks alone.
  const answers = story.answers(visit.weeksAgo, random);
  const answerDelayMinutes = 10 + Math.floor(random() * (longestAnswerMinutes - 10));
  const answeredAt = new Date(visit.checkinAt.getTime() + answerDelayMinutes * 60_000);
  const noteText = story.notes?.[visit.weeksAgo];
  const privateNote = story.privateNote?.weeksAgo === visit.weeksAgo ? story.privateNote.text : undefined;
  const riskYes = story.riskDisclosed === visit.weeksAgo;
  const occurrenceId = writeDemoCheckin(tx, {
    clientId,
    sessionId: session.id,
    key: `demo-history:${story.alias}:${visit.localDate}`,
    sentAt: visit.checkinAt,
    answers: week.answered ? answers : undefined,
    answeredAt,
    riskYes,
    ...(noteText ? { note: { text: noteText } } : {}),
    ...(privateNote ? { note: { text: privateNote, sharing: "private" } } : {}),
  });
  if (riskYes) {
    writeAcknowledgedRiskAlert(tx, { clientId, therapistId: target.therapistId, occurrenceId, at: answeredAt });
  }
  const rating = story.ratings?.[visit.weeksAgo];
  if (rating) rateSession(tx, { sessionId: session.id, clientId, therapistId: target.therapistId }, rating, visit);
  if (story.topic?.weeksAgo === visit.weeksAgo) releaseTopic(tx, clientId, story.topic, visit);
}

/** The therapist's rating, answered an hour after the session ended (the practice's default wait). */
function rateSession(
  tx: DbOrTx,
  target: { sessionId: number; clientId: number; therapistId: number },
  values: SessionRatingValues,
  visit: Visit,
): void {
  const askedAt = new Date(visit.sessionStart.getTime() + (demoSessionMinutes + 60) * 60_000);
  let rating: RatingRow | undefined = insertRating(tx, target, askedAt);
  ratingDimensions.forEach((dimension, index) => {
    if (!rating) return;
    const answeredAt = new Date(askedAt.getTime() + (index + 1) * 20_000);
    rating = recordRatingAnswer(tx, rating, dimension, values[index] as number, index === 2, answeredAt);
  });
}

/** A topic written a few days before the session and released to the therapist shortly before it. */
function releaseTopic(tx: DbOrTx, clientId: number, topic: NonNullable<DemoStory["topic"]>, visit: Visit): void {
  const start = visit.sessionStart.getTime();
  const row = insertTopic(tx, { clientId, text: topic.text, release: topic.release }, new Date(start - 3 * 86_400_000));
  // "At the session": the client is reminded an hour before, and the therapist told there is a topic.
  if (topic.release === "at_session") markTopicsReminded(tx, [row.id], new Date(start - 60 * 60_000));
  markTopicsReleased(tx, [row.id], new Date(start - (topic.release === "before_session" ? 2 : 0) * 60 * 60_000));
}
