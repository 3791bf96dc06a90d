/** Deactivating a clinician ends their web sessions at once, and nobody else's. */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { deactivateClinician } from "../../src/admin/deactivate-clinician.js";
import { createTherapist } from "../../src/db/repos/people.js";
import { webSessions } from "../../src/db/schema.js";
import { prompts } from "../helpers/harness.js";
import { signIn, webScene } from "../helpers/web.js";

describe("deactivating a clinician", () => {
  it("deletes their web sessions in the same transaction", async () => {
    const scene = await webScene();
    const browser = await signIn(scene);
    const db = scene.h.handle.db;
    const colleague = createTherapist(db, { practiceId: scene.seeded.practiceId, alias: "T2" }, scene.h.clock.now());
    db.insert(webSessions)
      .values({
        idHash: "f".repeat(64),
        therapistId: colleague.id,
        data: "{}",
        expiresAt: new Date(scene.h.clock.now().getTime() + 60_000),
        createdAt: scene.h.clock.now(),
      })
      .run();
    const theirs = () =>
      db.select().from(webSessions).where(eq(webSessions.therapistId, scene.seeded.therapistId)).all();
    expect(theirs()).toHaveLength(1);
    db.transaction((tx) =>
      deactivateClinician(tx, prompts(), scene.seeded.therapistId, colleague.id, scene.h.clock.now()),
    );
    expect(theirs()).toEqual([]);
    expect(db.select().from(webSessions).where(eq(webSessions.therapistId, colleague.id)).all()).toHaveLength(1);
    const after = await browser.get("/");
    expect(after.statusCode).toBe(303);
    expect(after.headers.location).toBe("/login");
  });
});
