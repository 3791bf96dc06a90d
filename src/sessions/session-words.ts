/**
 * Session words as an administrator or therapist types them into a form (the CLI's `session plan`
 * words, the web view's session box): read into an action, or the problem in the CLI's words; and the
 * words for an action that changed nothing. One place, so both doors say the same thing.
 */
import type { PlanOutcome } from "./plan.js";
import { type SessionAction, sessionActionForms, sessionActionSchema } from "./spec.js";

export function parseSessionWords(text: string): { action: SessionAction } | { problem: string } {
  const parsed = sessionActionSchema.safeParse(text);
  if (parsed.success) return { action: parsed.data };
  const problem = parsed.error.issues[0]?.message ?? `expected ${sessionActionForms}`;
  return { problem: `${problem}, not "${text.slice(0, 60)}"` };
}

export type PlanRefusal = Extract<PlanOutcome["status"], "in_past" | "not_yet" | "none">;

export const planRefusals: Record<PlanRefusal, string> = {
  in_past: "that time has already passed; sessions can only be planned ahead",
  not_yet: "that session has not started yet, so it cannot be marked as missed",
  none: "there is no session to change that day (or no weekly sessions to end)",
};

export function refusalOf(outcome: PlanOutcome): PlanRefusal | undefined {
  return outcome.status === "in_past" || outcome.status === "not_yet" || outcome.status === "none"
    ? outcome.status
    : undefined;
}
