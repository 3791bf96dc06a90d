/**
 * How the therapist's rating of a session looks in their chat: one question per message, each with
 * 1–5 and Skip, the first one saying which session and client it is about. Only the therapist's own
 * questions: never a word of what the client answered, so their view is their own.
 */
import type { RatingRow } from "../db/repos/ratings.js";
import { type RatingDimension, ratingDimensions } from "../db/schema.js";
import { sessionDayText } from "../i18n/session-day.js";
import type { ChoiceOption, Outbound, Recipient } from "../outbox/outbound.js";
import type { MessageKey } from "../prompts/message-keys.js";
import type { ClinicianText } from "../safety/clinician-text.js";

/** The option key of Skip; the scale's keys are "1" … "5". */
export const ratingSkipKey = "skip";
export const ratingScale = [1, 2, 3, 4, 5] as const;

const questionKeys: Record<RatingDimension, MessageKey> = {
  safety: "rating.question_safety",
  bond: "rating.question_bond",
  work: "rating.question_work",
};

/** What the questions need to know about the session, whoever asks them. */
export interface RatedSession {
  alias: string;
  startsAt: Date;
  timezone: string;
}

/** The session's day in the therapist's language, in the zone it was planned in (as the client reads it). */
export function ratedDay(view: ClinicianText, session: RatedSession): string {
  return sessionDayText(session.startsAt, session.timezone, view.locale);
}

export function ratingQuestionText(view: ClinicianText, session: RatedSession, dimension: RatingDimension): string {
  const step = ratingDimensions.indexOf(dimension) + 1;
  const question = view.t(questionKeys[dimension], {
    alias: session.alias,
    step,
    steps: ratingDimensions.length,
  });
  const body = `${question}\n${view.t("rating.scale_hint")}`;
  if (step > 1) return body;
  return `${view.t("rating.intro", { alias: session.alias, day: ratedDay(view, session) })}\n\n${body}`;
}

function buttons(view: ClinicianText): ChoiceOption[][] {
  return [
    ratingScale.map((value) => ({ key: String(value), label: String(value) })),
    [{ key: ratingSkipKey, label: view.t("rating.skip") }],
  ];
}

/** Queues the question `rating` is waiting for, to the therapist's chat. */
export function askRatingQuestion(
  out: Outbound,
  to: Recipient & { identityId: number },
  view: ClinicianText,
  rating: Pick<RatingRow, "id" | "next">,
  session: RatedSession,
): void {
  const dimension = ratingDimensions[rating.next] as RatingDimension;
  out.ask(to, ratingQuestionText(view, session, dimension), buttons(view), {
    purpose: "therapist_rating",
    ratingId: rating.id,
    itemId: dimension,
  });
}
