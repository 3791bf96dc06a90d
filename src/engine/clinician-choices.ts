/**
 * A button pressed in a clinician's chat. Clinicians get buttons only for their own rating of a
 * session (src/ratings/); any other press, or one on buttons meant for someone else, changes nothing.
 */
import { getChoiceSet } from "../db/repos/choice-sets.js";
import { choiceDataSchema } from "../outbox/payload.js";
import { activeClinician } from "./active-clinician.js";
import { answerRating } from "./rating-answer.js";
import type { Turn } from "./turn.js";

export function runClinicianChoice(turn: Turn & { to: { identityId: number } }, therapistId: number, data: string) {
  const view = activeClinician(turn, therapistId);
  if (!view) return;
  // Replies (and the edit that shows the answer) in the clinician's language.
  const own = { ...turn, locale: view.locale };
  const say = (message: string) => void turn.out.say(turn.to, message);
  const parsed = choiceDataSchema.safeParse(data);
  const set = parsed.success ? getChoiceSet(turn.tx, parsed.data.setId) : undefined;
  if (!parsed.success || !set || set.purpose !== "therapist_rating") return say(view.t("rating.closed"));
  if (set.identityId !== turn.to.identityId) return say(view.t("checkin.not_yours"));
  return answerRating(own, view, therapistId, set, parsed.data.key);
}
