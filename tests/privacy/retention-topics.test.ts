/**
 * Retention covers topics: a topic last changed (kept, edited or released) before the period goes,
 * with its buttons, whatever its release; a younger one stays. A dry run counts exactly what a run deletes.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { DAY } from "../../src/clock.js";
import { choiceSets, topics } from "../../src/db/schema.js";
import { runRetention } from "../../src/privacy/retention.js";
import { MemoryRiskSpool } from "../../src/safety/spool.js";
import { enrolledClient } from "../helpers/enrolled.js";
import { createHarness } from "../helpers/harness.js";

describe("retention of topics", () => {
  it("deletes topics older than the period with their buttons, and keeps younger ones", () => {
    const h = createHarness();
    const { user } = enrolledClient(h, { settings: { retentionDays: 30 } });
    const start = h.clock.now().getTime();
    user.command("later", "old and untouched");
    user.command("later", "old but edited since");
    h.clock.set(new Date(start + 20 * DAY));
    user.command("later", "#2 edited on day 20");
    h.clock.set(new Date(start + 31 * DAY));
    const db = h.handle.db;
    const topicSets = () => db.select().from(choiceSets).where(eq(choiceSets.purpose, "topic")).all();
    expect(topicSets()).toHaveLength(2);
    const spool = new MemoryRiskSpool();

    const dry = runRetention(db, { now: h.clock.now(), actor: "system", spool, dryRun: true });
    expect(dry.practices[0]?.counts.topics).toBe(1);
    expect(db.select().from(topics).all()).toHaveLength(2);

    const report = runRetention(db, { now: h.clock.now(), actor: "system", spool });
    expect(report.practices[0]?.counts.topics).toBe(1);
    expect(
      db
        .select()
        .from(topics)
        .all()
        .map((t) => t.text),
    ).toEqual(["edited on day 20"]);
    expect(topicSets().map((s) => s.topicId)).toEqual([db.select().from(topics).get()?.id]);
    expect(runRetention(db, { now: h.clock.now(), actor: "system", spool }).practices[0]?.counts.topics).toBe(0);
  });
});
