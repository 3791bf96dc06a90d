/**
 * A scene for the therapist's rating of a session: practice, therapist T1 linked in chat (Telegram),
 * client Oak-7 linked and consented, and one session with them on Thursday 2026-01-08 at 14:00
 * Stockholm (50 minutes, so it ends 13:50 UTC). `tick` runs the sessions' and ratings' parts of the
 * minute tick at the clock's time.
 */
import { eq } from "drizzle-orm";
import { sessions, therapistRatings } from "../../src/db/schema.js";
import type { PracticeSettings } from "../../src/practice/settings.js";
import { ratingsTick } from "../../src/ratings/ratings-job.js";
import { sessionsTick } from "../../src/sessions/sessions-job.js";
import { ChatUser, createHarness, prompts, seedPractice } from "./harness.js";
import { en } from "./privacy.js";
import { sessionPlanner } from "./sessions.js";

export const sessionEnd = new Date("2026-01-08T13:50:00Z");

export function ratingScene(options: { settings?: Partial<PracticeSettings>; therapistLinked?: boolean } = {}) {
  const h = createHarness();
  const seeded = seedPractice(h, { alias: "Oak-7", ...(options.settings ? { settings: options.settings } : {}) });
  const db = h.handle.db;
  const therapist = new ChatUser(h, "3003", "3003");
  if (options.therapistLinked !== false) {
    therapist.command("start", seeded.therapistCode);
    therapist.read();
  }
  const client = new ChatUser(h, "1001", "1001");
  client.command("start", seeded.code);
  client.pressLabel(en("consent.accept"));
  client.read();
  sessionPlanner(h, seeded.clientId)("2026-01-08 14:00");
  const session = db.select().from(sessions).get();
  if (!session) throw new Error("no session planned");
  const tick = () => {
    sessionsTick(db, h.clock.now());
    return ratingsTick(db, prompts(), h.clock.now());
  };
  const ratings = () => db.select().from(therapistRatings).all();
  const ratingOf = (id: number) => db.select().from(therapistRatings).where(eq(therapistRatings.id, id)).get();
  return { h, db, seeded, therapist, client, session, tick, ratings, ratingOf };
}
