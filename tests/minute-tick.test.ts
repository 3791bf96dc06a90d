/**
 * The minute tick on the real app's parts: in their order, each failing on its own and logged by
 * name, the database's share only on the tick role's holder, and no slot sent twice when two apps
 * tick one database file in the same minute.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type App, createApp } from "../src/app.js";
import { FakeClock } from "../src/clock.js";
import { loadConfig } from "../src/config.js";
import { setSchedule } from "../src/db/repos/schedules.js";
import { occurrences, outbox } from "../src/db/schema.js";
import { silentLogger } from "../src/logger.js";
import { minuteTickParts, runMinuteTick } from "../src/minute-tick.js";
import { scheduleInputSchema } from "../src/schedule/spec.js";
import { enrolledClient } from "./helpers/enrolled.js";
import { createHarness } from "./helpers/harness.js";

/** What ran, in order; the three jobs that are plain functions are wrapped where they are defined. */
const { calls, recorded } = vi.hoisted(() => {
  const calls: string[] = [];
  const recorded =
    <A extends unknown[], R>(name: string, real: (...args: A) => R) =>
    (...args: A): R => {
      calls.push(name);
      return real(...args);
    };
  return { calls, recorded };
});
vi.mock("../src/sessions/sessions-job.js", async (original) => {
  const real = await original<typeof import("../src/sessions/sessions-job.js")>();
  return { ...real, sessionsTick: recorded("sessions", real.sessionsTick) };
});
vi.mock("../src/ratings/ratings-job.js", async (original) => {
  const real = await original<typeof import("../src/ratings/ratings-job.js")>();
  return { ...real, ratingsTick: recorded("ratings", real.ratingsTick) };
});
vi.mock("../src/topics/topics-job.js", async (original) => {
  const real = await original<typeof import("../src/topics/topics-job.js")>();
  return { ...real, topicsTick: recorded("topics", real.topicsTick) };
});

let dir: string | undefined;
const apps: App[] = [];
afterEach(() => {
  calls.length = 0;
  vi.restoreAllMocks();
  for (const app of apps.splice(0)) app.database.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function appOn(database: string, clock: FakeClock, logger = silentLogger): App {
  const app = createApp(loadConfig({ INTERLUDE_DB: database }), clock, logger);
  apps.push(app);
  return app;
}

/** Records each of the app's tick parts as it is called, still running it. */
function recordParts(app: App): void {
  const wrap = <T extends object, K extends keyof T & string>(name: string, owner: T, method: K) => {
    const real = (owner[method] as (...args: unknown[]) => unknown).bind(owner);
    vi.spyOn(owner, method as never).mockImplementation(recorded(name, real) as never);
  };
  wrap("schedule", app.scheduler, "tick");
  wrap("safety", app.safety, "tick");
  wrap("drain", app.dispatcher, "drain");
  wrap("summaries", app.summaries, "tick");
  wrap("menus", app.menus, "tick");
  wrap("retention", app.retention, "tick");
}

function capturingLogger() {
  const lines: Array<{ msg: string; err?: { name: string } }> = [];
  const logger = pino({ level: "error" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

const everyPart = ["sessions", "ratings", "topics", "schedule", "safety", "drain", "summaries", "menus", "retention"];

describe("the minute tick", () => {
  it("runs every part in order on the tick role's holder", async () => {
    const app = appOn(":memory:", new FakeClock("2026-11-23T12:00:00Z"));
    recordParts(app);
    await runMinuteTick(minuteTickParts(app), () => true, app.logger).settled;
    expect(calls).toEqual(everyPart);
    expect(app.safety.tick).toHaveBeenCalledWith({ spoolOnly: false });
  });

  it("logs a failing part by its name and runs the rest, a rejected one too", async () => {
    const { logger, lines } = capturingLogger();
    const app = appOn(":memory:", new FakeClock("2026-11-23T12:00:00Z"), logger);
    recordParts(app);
    vi.mocked(app.scheduler.tick).mockImplementation(() => {
      calls.push("schedule");
      throw new TypeError("schedule broke");
    });
    vi.mocked(app.summaries.tick).mockImplementation(() => {
      calls.push("summaries");
      return Promise.reject(new RangeError("chart broke"));
    });
    await runMinuteTick(minuteTickParts(app), () => true, logger).settled;
    expect(calls).toEqual(everyPart);
    expect(lines.map((line) => [line.msg, line.err?.name])).toEqual([
      ["schedule tick failed", "TypeError"],
      ["weekly summaries failed", "RangeError"],
    ]);
  });

  it("runs only the worker's own spool and its outbox drain without the tick role", async () => {
    const app = appOn(":memory:", new FakeClock("2026-11-23T12:00:00Z"));
    recordParts(app);
    await runMinuteTick(minuteTickParts(app), () => false, app.logger).settled;
    expect(calls).toEqual(["safety", "drain"]);
    expect(app.safety.tick).toHaveBeenCalledWith({ spoolOnly: true });
  });

  it("sends a due slot once when two apps on one database file tick in the same minute", async () => {
    dir = mkdtempSync(join(tmpdir(), "interlude-minute-tick-"));
    const path = join(dir, "interlude.db");
    const clock = new FakeClock("2026-11-23T12:00:00Z");
    const a = appOn(path, clock);
    const b = appOn(path, clock);
    const h = createHarness(a.database, clock);
    const { seeded } = enrolledClient(h);
    const spec = scheduleInputSchema.parse({ spec: "daily at 18:00" });
    setSchedule(a.database.db, { practiceId: seeded.practiceId }, spec, clock.now(), "2026-11-23");
    const tick = async (app: App, holds: boolean) => {
      await runMinuteTick(minuteTickParts(app), () => holds, app.logger).settled;
      await app.summaries.idle();
    };
    const slotsAndQuestions = () => [
      a.database.db.select().from(occurrences).all().length,
      a.database.db
        .select()
        .from(outbox)
        .all()
        .filter((row) => row.dedupeKey.startsWith("occ:")).length,
    ];
    await tick(a, true);
    const before = slotsAndQuestions();

    // 18:00 in Stockholm: due. A worker without the role starts nothing; the holders start it once.
    clock.set("2026-11-23T17:00:00Z");
    await tick(b, false);
    expect(slotsAndQuestions()).toEqual(before);
    await Promise.all([tick(a, true), tick(b, true)]);
    await tick(b, true);
    const after = slotsAndQuestions();
    expect(after[0]).toBe((before[0] ?? 0) + 1);
    expect(after[1]).toBeGreaterThan(before[1] ?? 0);
    await tick(a, true);
    expect(slotsAndQuestions()).toEqual(after);
  });
});
