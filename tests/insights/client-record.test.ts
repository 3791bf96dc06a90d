/**
 * One client's record and its charts, read straight from the database: the therapist's ratings by
 * week (two sessions in a week make their mean), goals and tasks beside the one rating of the work, a
 * note held for a session not yet started, a stopped client still on their own page, and nobody
 * else's client at all.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createClient, createTherapist, setClientStatus } from "../../src/db/repos/people.js";
import { insertRating } from "../../src/db/repos/ratings.js";
import { answers, therapistRatings } from "../../src/db/schema.js";
import { comparisonCharts, ratingFor } from "../../src/insights/client-charts.js";
import { clientRecord } from "../../src/insights/client-record.js";
import { summaryWords } from "../../src/insights/render/summary-text.js";
import { clientPageScene, pageNow, sharedNote } from "../helpers/client-page.js";
import { prompts } from "../helpers/harness.js";
import { day, recordCheckin } from "../helpers/history.js";
import { insertUtcSession } from "../helpers/sessions.js";

const words = summaryWords(prompts(), "en", "Europe/Stockholm");

async function recordOf(scene: Awaited<ReturnType<typeof clientPageScene>>, clientId = scene.seeded.clientId) {
  return clientRecord(scene.h.handle.db, prompts(), { therapistId: scene.seeded.therapistId, clientId }, pageNow);
}

describe("a client's record", () => {
  it("sets the mean of a week's rated sessions beside the client's weekly mean, the work beside goals and tasks", async () => {
    const scene = await clientPageScene();
    const db = scene.h.handle.db;
    // A second session in the last week (Thursday 2026-02-26), rated 4 for safety.
    const extra = insertUtcSession(db, scene.seeded.clientId, day("2026-02-26", 0, 13), "held", pageNow);
    const rating = insertRating(
      db,
      { sessionId: extra.id, clientId: scene.seeded.clientId, therapistId: scene.seeded.therapistId },
      pageNow,
    );
    db.update(therapistRatings)
      .set({ safety: 4, status: "completed", next: 3 })
      .where(eq(therapistRatings.id, rating.id))
      .run();

    const record = await recordOf(scene);
    if (!record) throw new Error("no record");
    expect(record.sides).toHaveLength(9);
    const charts = comparisonCharts(record, words);
    expect(charts.map((c) => c.series)).toEqual(["safety", "bond", "goals", "tasks"]);
    const lastWeek = "2026-02-23";
    const at = (values: { weekStart: string; value: number }[]) => values.find((v) => v.weekStart === lastWeek)?.value;
    const [safety, bond, goals, tasks] = charts;
    expect(at(safety?.therapist ?? [])).toBe(3); // (2 + 4) / 2
    expect(at(bond?.therapist ?? [])).toBe(3); // the extra session has no bond rating
    expect([at(goals?.therapist ?? []), at(tasks?.therapist ?? [])]).toEqual([4, 4]);
    expect([at(goals?.client ?? []), at(tasks?.client ?? [])]).toEqual([3, 2]);
    expect(ratingFor.goals).toBe("work");
    expect(tasks?.labels.therapist).toBe("You (The work)");
  });

  it("holds back a note for a session that has not started, and says so", async () => {
    const scene = await clientPageScene();
    scene.h.handle.db.update(answers).set({ sharing: "next_session" }).where(eq(answers.text, sharedNote)).run();
    // Written 2026-02-17; the sessions after it (23 February) release it...
    const released = await recordOf(scene);
    expect(released?.notes.shown.map((n) => n.text)).toEqual([sharedNote]);
    // ...but a note written after the last session waits for the one planned on 9 March.
    recordCheckin(scene.h.handle.db, scene.seeded.clientId, day("2026-03-03", 0), [4, 4, 4, 4], { note: "For later" });
    scene.h.handle.db.update(answers).set({ sharing: "next_session" }).where(eq(answers.text, "For later")).run();
    const waiting = await recordOf(scene);
    expect(waiting?.notes.shown.map((n) => n.text)).toEqual([sharedNote]);
    expect(waiting?.notes.forNextSession).toBe(true);
  });

  it("keeps a stopped client with nothing in the last 26 weeks on their own page", async () => {
    const scene = await clientPageScene();
    const db = scene.h.handle.db;
    const quiet = createClient(
      db,
      {
        practiceId: scene.seeded.practiceId,
        therapistId: scene.seeded.therapistId,
        alias: "Quiet-1",
        locale: "en",
        checkinId: "alliance-safety",
      },
      pageNow,
    );
    setClientStatus(db, quiet.id, "stopped");
    const record = await recordOf(scene, quiet.id);
    expect(record?.client).toMatchObject({ alias: "Quiet-1", status: "stopped", latest: undefined });
    expect(record?.timeline).toEqual([]);
  });

  it("is nobody's but the client's own therapist's", async () => {
    const scene = await clientPageScene();
    const db = scene.h.handle.db;
    const other = createTherapist(db, { practiceId: scene.seeded.practiceId, alias: "T2" }, pageNow);
    const record = clientRecord(db, prompts(), { therapistId: other.id, clientId: scene.seeded.clientId }, pageNow);
    expect(record).toBeUndefined();
    expect(
      clientRecord(db, prompts(), { therapistId: scene.seeded.therapistId, clientId: 999 }, pageNow),
    ).toBeUndefined();
  });
});
