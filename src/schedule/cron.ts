/**
 * Cron arithmetic on wall-clock time, by node-cron.
 *
 * node-cron's `getNextRun()` reads the system clock and takes no starting point, which would break
 * the injected clock and restart catch-up. So candidates come from node-cron's own `parse()` of the
 * expression and node-cron's `match()` decides, on wall-clock time evaluated in UTC (so that a zone's
 * DST rules never skip a slot here; `wall-time.ts` applies the DST policy afterwards).
 */
import { type CronFieldError, createTask, parse, type ScheduledTask, validateDetailed } from "node-cron";
import { naiveMsToWall, type WallTime, wallToNaiveMs } from "../i18n/wall-time.js";

const matchers = new Map<string, { task: ScheduledTask; hours: number[]; minutes: number[] }>();

/** Each field's name in plain words and its range, for "hour 25 is not between 0 and 23". */
const cronFields: Record<string, { name: string; min: number; max: number }> = {
  second: { name: "second", min: 0, max: 59 },
  minute: { name: "minute", min: 0, max: 59 },
  hour: { name: "hour", min: 0, max: 23 },
  dayOfMonth: { name: "day of the month", min: 1, max: 31 },
  month: { name: "month", min: 1, max: 12 },
  dayOfWeek: { name: "weekday", min: 0, max: 7 },
};

function fieldProblem(error: CronFieldError): string {
  const field = cronFields[error.field];
  // Not one field's fault (e.g. "expected 5 or 6 fields but got 4"): node-cron's words are plain.
  if (!field || error.value === undefined) return error.message;
  const value = Number(error.value);
  return /^\d+$/.test(error.value) && (value < field.min || value > field.max)
    ? `${field.name} ${value} is not between ${field.min} and ${field.max}`
    : `"${error.value}" is not valid in the ${field.name} field`;
}

/** Why an expression is not usable, or undefined when it is. Seconds must be 0: we schedule minutes. */
export function cronProblem(expression: string): string | undefined {
  const detailed = validateDetailed(expression);
  if (!detailed.valid) return detailed.errors.map(fieldProblem).join("; ");
  const fields = parse(expression);
  if (fields.second.length !== 1 || fields.second[0] !== 0) return "a seconds field other than 0 is not supported";
  return undefined;
}

function matcherFor(expression: string) {
  let matcher = matchers.get(expression);
  if (!matcher) {
    const fields = parse(expression);
    // A task that is never started: only its matcher is used. Kept per distinct expression.
    const task = createTask(expression, () => undefined, {
      timezone: "Etc/UTC",
      name: `interlude-matcher:${expression}`,
    });
    matcher = {
      task,
      hours: [...fields.hour].sort((a, b) => a - b),
      minutes: [...fields.minute].sort((a, b) => a - b),
    };
    matchers.set(expression, matcher);
  }
  return matcher;
}

/** Longest search for a next slot: five years covers "29 Feb on a Monday". */
const maxDays = 366 * 5;

/**
 * Answers already worked out, by expression and starting minute. node-cron's matcher builds a
 * localized date per candidate minute, and a tick asks the same question for every client due on the
 * same schedule at the same slot (B2e in docs/BENCHMARKS.md). The answer depends only on the key, so
 * a plain bounded map is enough; it is emptied when full rather than tracking recency.
 */
const answers = new Map<string, WallTime | undefined>();
const maxAnswers = 10_000;

/** The first wall time strictly after `after` that the expression matches, or undefined if none. */
export function nextWallSlot(expression: string, after: WallTime): WallTime | undefined {
  const key = `${wallToNaiveMs(after)} ${expression}`;
  if (answers.has(key)) {
    const known = answers.get(key);
    return known && { ...known };
  }
  const found = searchNextWallSlot(expression, after);
  if (answers.size >= maxAnswers) answers.clear();
  answers.set(key, found);
  return found && { ...found };
}

function searchNextWallSlot(expression: string, after: WallTime): WallTime | undefined {
  const { task, hours, minutes } = matcherFor(expression);
  const afterMs = wallToNaiveMs(after);
  let dayStart = Date.UTC(after.year, after.month - 1, after.day);
  for (let day = 0; day < maxDays; day++, dayStart += 86_400_000) {
    for (const hour of hours) {
      for (const minute of minutes) {
        const candidate = dayStart + (hour * 60 + minute) * 60_000;
        if (candidate > afterMs && task.match(new Date(candidate))) return naiveMsToWall(candidate);
      }
    }
  }
  return undefined;
}
