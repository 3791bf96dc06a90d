/**
 * A client with eight weeks of history for the client page, on the web scene (Client A of T1,
 * Stockholm): a held Monday session each week, rated by the therapist, with the next day's check-in
 * about it; the last check-in drops. Notes: one shared now, one kept private; topics: one "before the
 * session" released, one "at the session" released, one just for the client. The clock stands on
 * Wednesday 2026-03-04, week 2026-W10; a session is planned for the Monday after.
 */
import { eq } from "drizzle-orm";
import { setClientStatus } from "../../src/db/repos/people.js";
import { insertRating } from "../../src/db/repos/ratings.js";
import { insertTopic, markTopicsReleased } from "../../src/db/repos/topics.js";
import { answers, occurrences, therapistRatings } from "../../src/db/schema.js";
import { day, recordCheckin } from "./history.js";
import { insertUtcSession } from "./sessions.js";
import { type WebScene, webScene } from "./web.js";

export const pageNow = new Date("2026-03-04T10:00:00Z");
/** Monday 2026-01-05, the first session. */
const firstMonday = "2026-01-05";

export const sharedNote = "The homework felt rushed <b>last</b> time";
export const privateNote = "Something only for me";
export const sharedTopic = "Talk about my sister";
export const atSessionTopic = "The argument at work";
export const justForMeTopic = "Nobody should see this";

export interface ClientPageScene extends WebScene {
  /** The therapist's rating of the last session: safety, bond, work. */
  lastRating: [number, number, number];
}

export async function clientPageScene(): Promise<ClientPageScene> {
  const scene = await webScene();
  const { h, seeded } = scene;
  const db = h.handle.db;
  const clientId = seeded.clientId;
  h.clock.set(pageNow);
  setClientStatus(db, clientId, "active");
  const lastRating: [number, number, number] = [2, 3, 4];
  for (let week = 0; week < 8; week++) {
    const session = insertUtcSession(db, clientId, day(firstMonday, week * 7, 13), "held", pageNow);
    const last = week === 7;
    const values = last ? [2, 2, 3, 2] : [4, 4, 4, 5];
    const occurrence = recordCheckin(db, clientId, day(firstMonday, week * 7 + 1, 9), values, {
      ...(week === 6 ? { note: sharedNote } : {}),
      ...(week === 7 ? { note: privateNote } : {}),
    });
    db.update(occurrences).set({ sessionId: session.id }).where(eq(occurrences.id, occurrence)).run();
    const rating = insertRating(db, { sessionId: session.id, clientId, therapistId: seeded.therapistId }, pageNow);
    const [safety, bond, work] = last ? lastRating : [4, 4, 4];
    db.update(therapistRatings)
      .set({ safety, bond, work, status: "completed", next: 3 })
      .where(eq(therapistRatings.id, rating.id))
      .run();
  }
  db.update(answers).set({ sharing: "private" }).where(eq(answers.text, privateNote)).run();
  insertUtcSession(db, clientId, day(firstMonday, 9 * 7, 13), "planned", pageNow);
  const released = day(firstMonday, 7 * 7, 7);
  const topics = [
    insertTopic(db, { clientId, text: sharedTopic, release: "before_session" }, released),
    insertTopic(db, { clientId, text: atSessionTopic, release: "at_session" }, released),
  ];
  markTopicsReleased(
    db,
    topics.map((t) => t.id),
    released,
  );
  insertTopic(db, { clientId, text: justForMeTopic, release: "just_for_me" }, released);
  return { ...scene, lastRating };
}
