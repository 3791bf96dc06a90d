/**
 * A therapist's press on one of their rating questions: the answer (or Skip) is stored, the question's
 * message is edited to show it and lose its buttons, and the next question follows; after the third,
 * a short thanks. A press counts only for the therapist the rating was asked of, while the rating is
 * open, the session still held, and this question the one it waits for.
 */

import { audit } from "../db/repos/audit.js";
import type { ChoiceSetRow } from "../db/repos/choice-sets.js";
import { getClient } from "../db/repos/people.js";
import { expireRating, getRating, recordRatingAnswer } from "../db/repos/ratings.js";
import { getSession } from "../db/repos/sessions.js";
import { type RatingDimension, ratingDimensions } from "../db/schema.js";
import {
  askRatingQuestion,
  type RatedSession,
  ratedDay,
  ratingScale,
  ratingSkipKey,
} from "../ratings/rating-questions.js";
import type { ClinicianText } from "../safety/clinician-text.js";
import { showChosen, type Turn } from "./turn.js";

export function answerRating(
  turn: Turn & { to: { identityId: number } },
  view: ClinicianText,
  therapistId: number,
  set: ChoiceSetRow,
  key: string,
): void {
  const say = (message: string) => void turn.out.say(turn.to, message);
  const rating = set.ratingId === null ? undefined : getRating(turn.tx, set.ratingId);
  const session = rating ? getSession(turn.tx, rating.sessionId) : undefined;
  const client = rating ? getClient(turn.tx, rating.clientId) : undefined;
  if (!rating || !session || !client || rating.therapistId !== therapistId || rating.status !== "open") {
    return say(view.t("rating.closed"));
  }
  // Marked a no-show (or cancelled) after the questions went out: there is no session to rate.
  if (session.status !== "held") {
    expireRating(turn.tx, rating.id, turn.now);
    return say(view.t("rating.closed"));
  }
  const dimension = set.itemId as RatingDimension;
  const value = ratingValueOf(key);
  if (ratingDimensions.indexOf(dimension) !== rating.next || value === undefined) return say(view.t("rating.closed"));

  const last = rating.next === ratingDimensions.length - 1;
  const saved = recordRatingAnswer(turn.tx, rating, dimension, value, last, turn.now);
  if (!saved) return say(view.t("rating.closed"));
  showChosen(turn, set, value === null ? view.t("rating.skip") : String(value));
  const rated: RatedSession = { alias: client.alias, startsAt: session.startsAt, timezone: session.timezone };
  if (!last) return askRatingQuestion(turn.out, turn.to, view, saved, rated);

  const answered = ratingDimensions.filter((d) => saved[d] !== null).length;
  // Ids and counts only: what the therapist rated is clinical content, not an audit detail.
  audit(
    turn.tx,
    {
      actor: `therapist:${therapistId}`,
      action: "therapist_rating.recorded",
      subject: `client:${client.id}`,
      detail: { session: session.id, answered },
    },
    turn.now,
  );
  say(
    view.t(answered === 0 ? "rating.done_nothing" : "rating.done", { alias: client.alias, day: ratedDay(view, rated) }),
  );
}

/** 1–5, null for Skip, undefined for anything else (a forged or outdated key). */
function ratingValueOf(key: string): number | null | undefined {
  if (key === ratingSkipKey) return null;
  return ratingScale.find((value) => String(value) === key);
}
