/**
 * `schedule set`'s flags turned into a schedule input, with every problem named by the flag the person
 * typed (`--quiet: …`), not by the key the schema stores it under (`quietHours`), and in plain words.
 */
import type { z } from "zod";
import { plainWording } from "../prompts/plain-wording.js";
import { type ScheduleInput, scheduleInputSchema } from "../schedule/spec.js";
import { CliUsageError } from "./context.js";

export interface ScheduleFlags {
  spec: string;
  quiet?: string | undefined;
  jitter: string;
  from?: string | undefined;
  until?: string | undefined;
}

/** The flag for each key the schema takes; `satisfies` makes a new key without a flag a type error. */
const flagOf = {
  spec: "--spec",
  quietHours: "--quiet",
  jitterMinutes: "--jitter",
  activeFrom: "--from",
  activeUntil: "--until",
} as const satisfies Record<keyof z.input<typeof scheduleInputSchema>, string>;

/** A number when the flag is written as one, else the text, so a refusal can quote what was typed. */
function numberOrText(raw: string): number | string {
  return /^\s*-?\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : raw;
}

/** The validated schedule, or a CliUsageError listing every problem, each under its flag. */
export function scheduleFromFlags(flags: ScheduleFlags): ScheduleInput {
  const parsed = scheduleInputSchema.safeParse(
    {
      spec: flags.spec,
      quietHours: flags.quiet,
      jitterMinutes: numberOrText(flags.jitter),
      activeFrom: flags.from,
      activeUntil: flags.until,
    },
    { error: plainWording },
  );
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const key = issue.path[0];
    // Every issue has a key's path (the CLI builds the object, so no unknown or missing object);
    // "schedule" is only a fallback that never shows an internal name.
    const flag = typeof key === "string" && key in flagOf ? flagOf[key as keyof typeof flagOf] : "schedule";
    return `${flag}: ${issue.message}`;
  });
  throw new CliUsageError(problems.join("; "));
}
