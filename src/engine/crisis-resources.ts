/** The crisis resources for the client of a conversation turn (safety/crisis-reply.ts writes them). */
import { crisisResourceText } from "../safety/crisis-reply.js";
import type { ClientTurn } from "./turn.js";

export function crisisResourceLines(turn: ClientTurn): string {
  return crisisResourceText(turn.prompts, turn.locale, turn.practice, turn.client);
}
