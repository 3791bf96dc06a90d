/**
 * `schedule set`'s flags turned into a schedule input, with every problem named by the flag the person
 * typed (`--quiet: …`), not by the key the schema stores it under (`quietHours`), and in plain words.
 * The fields and their checks are src/schedule/schedule-fields.ts, shared with the web view's form.
 */
import { parseScheduleFields, type ScheduleFields } from "../schedule/schedule-fields.js";
import type { ScheduleInput } from "../schedule/spec.js";
import { CliUsageError } from "./context.js";

export type ScheduleFlags = ScheduleFields;

/** The validated schedule, or a CliUsageError listing every problem, each under its flag. */
export function scheduleFromFlags(flags: ScheduleFlags): ScheduleInput {
  const parsed = parseScheduleFields(flags);
  if ("input" in parsed) return parsed.input;
  throw new CliUsageError(parsed.problems.map((p) => `--${p.field}: ${p.message}`).join("; "));
}
