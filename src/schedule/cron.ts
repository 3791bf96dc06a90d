/**
 * Cron arithmetic on wall-clock time, by node-cron.
 *
 * node-cron's `getNextRun()` reads the system clock and takes no starting point, which would break
 * the injected clock and restart catch-up. So candidates come from node-cron's own `parse()` of the
 * expression and node-cron's `match()` decides, on wall-clock time evaluated in UTC (so that a zone's
 * DST rules never skip a slot here; `wall-time.ts` applies the DST policy afterwards).
 */
import { createTask, parse, type ScheduledTask, validateDetailed } from "node-cron";
import { naiveMsToWall, type WallTime, wallToNaiveMs } from "./wall-time.js";

const matchers = new Map<string, { task: ScheduledTask; hours: number[]; minutes: number[] }>();

/** Why an expression is not usable, or undefined when it is. Seconds must be 0: we schedule minutes. */
export function cronProblem(expression: string): string | undefined {
  const detailed = validateDetailed(expression);
  if (!detailed.valid) return detailed.errors.map((e) => `${e.field}: ${e.message}`).join("; ");
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
