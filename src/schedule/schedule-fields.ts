/**
 * A schedule as a person types it, field by field (the CLI's `schedule set` flags, the web view's
 * schedule form), validated by the one schema and worded in plain words, with every problem named by
 * the field it is about, so each door can put it beside what was typed: `--quiet: …` at the CLI, the
 * same words next to the quiet-hours box in the browser.
 */
import type { z } from "zod";
import { plainWording } from "../prompts/plain-wording.js";
import { type ScheduleInput, scheduleInputSchema } from "./spec.js";

export const scheduleFieldNames = ["spec", "quiet", "jitter", "from", "until"] as const;
export type ScheduleField = (typeof scheduleFieldNames)[number];

export interface ScheduleFields {
  spec: string;
  quiet?: string | undefined;
  jitter: string;
  from?: string | undefined;
  until?: string | undefined;
}

export interface ScheduleProblem {
  field: ScheduleField;
  message: string;
}

/** The field for each key the schema takes; `satisfies` makes a new key without a field a type error. */
const fieldOf = {
  spec: "spec",
  quietHours: "quiet",
  jitterMinutes: "jitter",
  activeFrom: "from",
  activeUntil: "until",
} as const satisfies Record<keyof z.input<typeof scheduleInputSchema>, ScheduleField>;

/** A number when the field is written as one, else the text, so a refusal can quote what was typed. */
function numberOrText(raw: string): number | string {
  return /^\s*-?\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : raw;
}

/** The validated schedule, or every problem, each under its field. */
export function parseScheduleFields(
  fields: ScheduleFields,
): { input: ScheduleInput } | { problems: ScheduleProblem[] } {
  const parsed = scheduleInputSchema.safeParse(
    {
      spec: fields.spec,
      quietHours: fields.quiet,
      jitterMinutes: numberOrText(fields.jitter),
      activeFrom: fields.from,
      activeUntil: fields.until,
    },
    { error: plainWording },
  );
  if (parsed.success) return { input: parsed.data };
  return {
    problems: parsed.error.issues.map((issue) => {
      const key = issue.path[0];
      // Every issue has a key's path (the caller's fields build the object); "spec" is only a fallback.
      const field = typeof key === "string" && key in fieldOf ? fieldOf[key as keyof typeof fieldOf] : "spec";
      return { field, message: issue.message };
    }),
  };
}
