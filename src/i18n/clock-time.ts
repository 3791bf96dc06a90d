/**
 * A local time of day, "HH:MM" on the 24-hour clock, as practice.yaml and `schedule set` write it.
 * A time that is out of range says which part is wrong ("hour 25 is not between 0 and 23"), so the
 * person fixing it does not have to guess what "must be HH:MM" objected to.
 */
import { z } from "zod";

const shape = /^(\d{1,2}):(\d{2})$/;

/**
 * Why `text` is not a time of day, or undefined when it is one. `padded`: the hour must have two
 * digits ("08:00", as stored); without it "8:00" is accepted too (the spec's "daily at 8:00").
 */
export function clockTimeProblem(text: string, options: { padded?: boolean } = {}): string | undefined {
  const match = shape.exec(text);
  const [hour, minute] = match ? [match[1] as string, match[2] as string] : ["", ""];
  if (!match || ((options.padded ?? true) && hour.length !== 2)) return 'must be a 24-hour time "HH:MM" such as 08:00';
  if (Number(hour) > 23) return `hour ${Number(hour)} is not between 0 and 23`;
  if (Number(minute) > 59) return `minute ${Number(minute)} is not between 0 and 59`;
  return undefined;
}

/** "HH:MM", two-digit hour: exactly the times `^([01]\d|2[0-3]):[0-5]\d$` accepts. */
export const clockTimeSchema = z.string().superRefine((text, ctx) => {
  const problem = clockTimeProblem(text);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/** Quiet hours "HH:MM-HH:MM" (they may wrap past midnight, e.g. 22:00-08:00). */
export const quietHoursSchema = z.string().superRefine((text, ctx) => {
  const ends = text.split("-");
  if (ends.length !== 2) {
    ctx.addIssue({ code: "custom", message: 'must be "HH:MM-HH:MM" such as 22:00-08:00' });
    return;
  }
  for (const end of ends) {
    const problem = clockTimeProblem(end);
    if (problem) {
      ctx.addIssue({
        code: "custom",
        message: problem.startsWith("must be")
          ? 'must be "HH:MM-HH:MM" such as 22:00-08:00'
          : `${problem} (in ${JSON.stringify(end)})`,
      });
      return;
    }
  }
});
