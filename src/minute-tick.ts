/**
 * The minute tick's work, in order. node-cron (main.ts) only wakes it; the schedule itself is data.
 *
 * Most parts are the database's, done once a minute whatever the number of workers: they run only on
 * the worker holding the tick role (src/db/leadership.ts). A double run would still send nothing
 * twice — occurrences, summaries, ratings and releases are unique by key — but would do each minute's
 * work twice and race on it. Two parts are every worker's own: its risk spool (disclosures it could
 * not write) and its outbox drain (the messages its adapters send).
 *
 * Each part fails on its own: a throw or a rejection is logged by the part's name and the rest of the
 * tick still runs. Asynchronous parts are started, not awaited, so the weekly summaries' charts never
 * delay the safety work or the drain.
 */
import type { App } from "./app.js";
import type { Logger } from "./logger.js";
import { ratingsTick } from "./ratings/ratings-job.js";
import { sessionsTick } from "./sessions/sessions-job.js";
import { topicsTick } from "./topics/topics-job.js";

export interface TickPart {
  /** Named in the log line when the part fails. */
  name: string;
  /** Runs on every worker; told whether this one holds the tick role. Otherwise only on the holder. */
  everyWorker?: boolean;
  run: (holdsTick: boolean) => unknown;
}

export type TickApp = Pick<
  App,
  | "database"
  | "clock"
  | "prompts"
  | "logger"
  | "scheduler"
  | "safety"
  | "dispatcher"
  | "summaries"
  | "menus"
  | "retention"
>;

export function minuteTickParts(app: TickApp): TickPart[] {
  const { db } = app.database;
  return [
    // Sessions first: weekly appointments expanded ahead, ended ones taken as held.
    { name: "sessions tick", run: () => sessionsTick(db, app.clock.now()) },
    // Then a session taken as held just now may be due for its therapist's rating.
    { name: "ratings tick", run: () => ratingsTick(db, app.prompts, app.clock.now()) },
    { name: "topics tick", run: () => topicsTick(db, app.prompts, app.clock.now()) },
    { name: "schedule tick", run: () => app.scheduler.tick() },
    // Separately: a failing schedule must never hold up an escalation (it also isolates its own parts).
    // Without the role, only this worker's own spool: escalation and follow-ups are the holder's.
    { name: "safety tick", everyWorker: true, run: (holdsTick) => app.safety.tick({ spoolOnly: !holdsTick }) },
    { name: "outbox drain", everyWorker: true, run: () => app.dispatcher.drain() },
    // Summaries draw charts asynchronously; they must not delay the safety work above.
    {
      name: "weekly summaries",
      run: () => app.summaries.tick().then((report) => (report.queued > 0 ? app.dispatcher.drain() : undefined)),
    },
    // The clinicians' chat menus follow who is linked and active.
    { name: "clinician menus", run: () => app.menus.tick() },
    // Last, and at most once a day, so a failing purge never stops the rest of a tick.
    { name: "retention", run: () => app.retention.tick() },
  ];
}

/**
 * Runs one tick. The role is asked once, at the start: every part runs synchronously up to its first
 * await, and a worker told it holds the role keeps it to itself for a good while yet (on PostgreSQL at
 * least one retry interval, 10 s: db/postgres/advisory-leader.ts).
 *
 * Returns once every part has started; the promise it gives settles (never rejects) when the
 * asynchronous ones have finished too, for whoever must wait for them (tests, a shutdown).
 */
export function runMinuteTick(
  parts: readonly TickPart[],
  holdsTick: () => boolean,
  logger: Logger,
): { settled: Promise<void> } {
  const holder = holdsTick();
  const pending: Promise<unknown>[] = [];
  for (const part of parts) {
    if (!holder && !part.everyWorker) continue;
    try {
      const result = part.run(holder);
      if (result instanceof Promise) {
        pending.push(result.catch((error: unknown) => logPartFailure(logger, part.name, error)));
      }
    } catch (error) {
      logPartFailure(logger, part.name, error);
    }
  }
  return { settled: Promise.all(pending).then(() => undefined) };
}

function logPartFailure(logger: Logger, name: string, error: unknown): void {
  const { name: kind, message } = error instanceof Error ? error : { name: typeof error, message: "" };
  logger.error({ err: { name: kind, message } }, `${name} failed`);
}
