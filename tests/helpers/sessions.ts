/**
 * Planning a client's sessions in words, as the therapist would in chat ("thu 14:00", "cancel thu"),
 * at the harness clock's time; throws on words that do not parse so a test cannot plan nothing.
 */
import { getClient } from "../../src/db/repos/people.js";
import { applySessionAction } from "../../src/sessions/plan.js";
import { parseSessionAction } from "../../src/sessions/spec.js";
import type { Harness } from "./harness.js";

export function sessionPlanner(h: Harness, clientId: number) {
  return (words: string) => {
    const action = parseSessionAction(words);
    const client = getClient(h.handle.db, clientId);
    if (!action || !client) throw new Error(`not a session plan: ${words}`);
    return applySessionAction(h.handle.db, client, action, {
      source: "chat",
      actor: "therapist:1",
      now: h.clock.now(),
    });
  };
}
