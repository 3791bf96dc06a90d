/**
 * Retention and sessions: a session that started before the practice's retention period is purged
 * like an answer, and the therapist's rating of it with it; later ones, and everything ahead, stay. A dry run counts exactly what a run removes.
 */
import { asc } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { DAY } from "../../src/clock.js";
import { getClient } from "../../src/db/repos/people.js";
import { insertRating } from "../../src/db/repos/ratings.js";
import { sessions, therapistRatings } from "../../src/db/schema.js";
import { runRetention } from "../../src/privacy/retention.js";
import { MemoryRiskSpool } from "../../src/safety/spool.js";
import { applySessionAction } from "../../src/sessions/plan.js";
import { createHarness, seedPractice } from "../helpers/harness.js";

describe("retention of sessions", () => {
  it("purges sessions older than the period and keeps the rest", () => {
    const h = createHarness();
    h.clock.set("2026-01-05T09:00:00Z");
    const seeded = seedPractice(h, { alias: "Oak-7", settings: { retentionDays: 30 } });
    const db = h.handle.db;
    const plan = (date: string) => {
      const client = getClient(db, seeded.clientId);
      if (!client) throw new Error("no client");
      applySessionAction(
        db,
        client,
        { kind: "one-off", day: { date }, time: "14:00" },
        {
          source: "cli",
          actor: "cli",
          now: h.clock.now(),
        },
      );
    };
    plan("2026-01-08");
    plan("2026-02-20");
    plan("2026-03-05");
    // The therapist's rating of the old session goes with it; a rating of a later one stays.
    const [old, later] = db.select().from(sessions).orderBy(asc(sessions.startsAt)).all();
    for (const session of [old, later]) {
      if (!session) throw new Error("no session");
      insertRating(
        db,
        { sessionId: session.id, clientId: seeded.clientId, therapistId: seeded.therapistId },
        h.clock.now(),
      );
    }
    h.clock.set("2026-03-01T09:00:00Z");
    const options = { now: h.clock.now(), actor: "cli" as const, spool: new MemoryRiskSpool() };
    const dry = runRetention(db, { ...options, dryRun: true });
    expect(dry.practices[0]?.counts.sessions).toBe(1);
    expect(dry.practices[0]?.counts.therapistRatings).toBe(1);
    runRetention(db, options);
    expect(
      db
        .select()
        .from(therapistRatings)
        .all()
        .map((r) => r.sessionId),
    ).toEqual([later?.id]);
    const left = db
      .select()
      .from(sessions)
      .all()
      .map((s) => s.localDate);
    expect(left).toEqual(["2026-02-20", "2026-03-05"]);
    expect(h.clock.now().getTime() - new Date("2026-02-20T13:00:00Z").getTime()).toBeLessThan(30 * DAY);
  });
});
