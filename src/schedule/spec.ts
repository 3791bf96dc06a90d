/**
 * Schedule specs as a practice writes them. Friendly forms compile to cron; anything else must be a
 * five-field cron expression that node-cron accepts.
 *
 *   daily at 09:30               → 30 9 * * *
 *   weekly on Mon,Thu at 18:00   → 0 18 * * 1,4
 *   every 3 days at 19:00        → 0 19 * * *  plus "only every 3rd day"
 *   0 18 * * 1-5                 → as written
 *   after each session +24h      → timed to the client's sessions (session-rules.ts)
 */
import { z } from "zod";
import { sessionTimedCron } from "../db/repos/schedules.js";
import { clockTimeProblem, quietHoursSchema } from "../i18n/clock-time.js";
import { cronProblem } from "./cron.js";
import { parseSessionRule } from "./session-rules.js";

export interface CompiledSpec {
  cron: string;
  intervalDays?: number;
}

const weekdays = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
// Any one- or two-digit hour is matched so that "daily at 25:00" is told what is wrong with 25.
const clock = "(\\d{1,2}):(\\d{2})";
const daily = new RegExp(`^daily at ${clock}$`);
const weekly = new RegExp(`^weekly on ([a-z,\\s]+) at ${clock}$`);
const everyDays = new RegExp(`^every (\\d{1,2}) days? at ${clock}$`);

/** Compiles a spec, or returns the reason it is not one. */
export function compileSpec(spec: string): CompiledSpec | { problem: string } {
  const text = spec.trim().toLowerCase().replace(/\s+/g, " ");
  // Timed to sessions: the slots come from the client's sessions (session-rules.ts).
  if (parseSessionRule(text)) return { cron: sessionTimedCron };
  const friendly = daily.exec(text) ?? weekly.exec(text) ?? everyDays.exec(text);
  // The time is the last two groups of every friendly form.
  const time = friendly && clockTimeProblem(friendly.slice(-2).join(":"), { padded: false });
  if (time) return { problem: time };

  let match = daily.exec(text);
  if (match) return { cron: `${Number(match[2])} ${Number(match[1])} * * *` };

  match = weekly.exec(text);
  if (match) {
    const names = (match[1] as string).split(",").map((d) => d.trim().slice(0, 3));
    const numbers = names.map((name) => weekdays.indexOf(name as (typeof weekdays)[number]));
    if (numbers.some((n) => n < 0)) return { problem: `unknown weekday in "${match[1]}" (use Mon, Tue, … Sun)` };
    const days = [...new Set(numbers)].sort((a, b) => a - b).join(",");
    return { cron: `${Number(match[3])} ${Number(match[2])} * * ${days}` };
  }

  match = everyDays.exec(text);
  if (match) {
    const interval = Number(match[1]);
    if (interval < 1) return { problem: "every N days needs N of at least 1" };
    const cron = `${Number(match[3])} ${Number(match[2])} * * *`;
    return interval === 1 ? { cron } : { cron, intervalDays: interval };
  }

  if (text.split(" ").length !== 5) {
    return {
      problem:
        'expected "daily at HH:MM", "weekly on Mon,Thu at HH:MM", "every N days at HH:MM", a 5-field cron, "after each session +24h", "before each session -1d at 18:00" or "halfway between sessions"',
    };
  }
  const problem = cronProblem(text);
  return problem ? { problem: `cron: ${problem}` } : { cron: text };
}

export const localDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date "YYYY-MM-DD"')
  .refine(
    (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    "is not a real date",
  );

/** A schedule spec that compiles (the reason is the message when it does not). */
export const scheduleSpecSchema = z
  .string()
  .min(1)
  .max(100)
  .superRefine((spec, ctx) => {
    const compiled = compileSpec(spec);
    if ("problem" in compiled) ctx.addIssue({ code: "custom", message: compiled.problem });
  });

/** Everything needed to define a schedule, validated; `spec` is compiled on the way. */
export const scheduleInputSchema = z
  .strictObject({
    spec: scheduleSpecSchema,
    quietHours: quietHoursSchema.optional(),
    jitterMinutes: z
      .number()
      .int()
      .min(0)
      .max(12 * 60)
      .default(0),
    activeFrom: localDateSchema.optional(),
    activeUntil: localDateSchema.optional(),
  })
  .transform((input, ctx) => {
    const compiled = compileSpec(input.spec);
    if ("problem" in compiled) {
      ctx.addIssue({ code: "custom", path: ["spec"], message: compiled.problem });
      return z.NEVER;
    }
    if (input.activeFrom && input.activeUntil && input.activeFrom > input.activeUntil) {
      // Worded without the other key's name: the CLI calls it --from, and a message names one key only.
      ctx.addIssue({
        code: "custom",
        path: ["activeUntil"],
        message: `must not be before the first date, ${input.activeFrom}`,
      });
      return z.NEVER;
    }
    const [quietStart, quietEnd] = input.quietHours ? input.quietHours.split("-") : [undefined, undefined];
    return { ...input, ...compiled, quietStart, quietEnd };
  });
export type ScheduleInput = z.output<typeof scheduleInputSchema>;
