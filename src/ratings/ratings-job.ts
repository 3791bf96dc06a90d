/**
 * The ratings' part of the minute tick: a set time after each held session (the practice's
 * `therapistRatingAfterMinutes`), the client's therapist is asked for their own view of it; ratings
 * left unfinished for a week close. A rating row is created with its first question in one
 * transaction, and a session has at most one, so a double tick or a restart never asks twice.
 */
import type { Db } from "../db/connection.js";
import { deliveryIdentityForTherapist } from "../db/repos/identities.js";
import { listPractices } from "../db/repos/people.js";
import { expireOpenRatings, heldSessionsToRate, insertRating } from "../db/repos/ratings.js";
import { Outbound } from "../outbox/outbound.js";
import { priority } from "../outbox/queue.js";
import { settingsOf } from "../practice/settings.js";
import type { Prompts } from "../prompts/load.js";
import { type ClinicianText, clinicianText } from "../safety/clinician-text.js";
import { askRatingQuestion } from "./rating-questions.js";

/**
 * A session whose rating fell due longer ago than this is not asked about: after downtime, a therapist
 * linking their chat late, or a calendar import of past sessions, a flood of questions about sessions
 * long gone would be noise, and memory of them is no longer fresh.
 */
export const ratingDueWindowMs = 2 * 24 * 60 * 60_000;
/** An unfinished rating closes this long after it was asked; its buttons then answer "closed". */
export const ratingOpenMs = 7 * 24 * 60 * 60_000;

export interface RatingsTickReport {
  asked: number;
  expired: number;
}

export function ratingsTick(db: Db, prompts: Prompts, now: Date): RatingsTickReport {
  return db.transaction((tx) => {
    const expired = expireOpenRatings(tx, new Date(now.getTime() - ratingOpenMs), now);
    let asked = 0;
    for (const practice of listPractices(tx)) {
      const settings = settingsOf(practice);
      if (!settings.therapistRatings) continue;
      // Sessions whose rating fell due within the window: ended that wait before now, or a little earlier.
      const waitMs = settings.therapistRatingAfterMinutes * 60_000;
      const endedBy = new Date(now.getTime() - waitMs);
      const endedFrom = new Date(endedBy.getTime() - ratingDueWindowMs);
      const views = new Map<number, ClinicianText | undefined>();
      for (const session of heldSessionsToRate(tx, practice.id, endedFrom, endedBy)) {
        if (!views.has(session.therapistId)) {
          views.set(session.therapistId, clinicianText(tx, prompts, session.therapistId));
        }
        const view = views.get(session.therapistId);
        const identity = deliveryIdentityForTherapist(tx, session.therapistId);
        if (!view || !identity) continue;
        const rating = insertRating(
          tx,
          { sessionId: session.sessionId, clientId: session.clientId, therapistId: session.therapistId },
          now,
        );
        askRatingQuestion(
          new Outbound(tx, now, `rating:${rating.id}`, priority.scheduled),
          { platform: identity.platform, chatId: identity.chatId, identityId: identity.id },
          view,
          rating,
          session,
        );
        asked += 1;
      }
    }
    return { asked, expired };
  });
}
