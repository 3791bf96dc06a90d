/**
 * A scene for topics kept for the next session: practice, therapist T1 linked in chat, client Oak-7
 * linked and consented (console), and one session with them on Thursday 2026-01-08 at 14:00
 * Stockholm (13:00 UTC). With the defaults, "before the session" topics are released at 08:00
 * Stockholm that day (07:00 UTC) and at-session reminders go at 13:00 Stockholm (12:00 UTC).
 * `tick` runs the topics' part of the minute tick at the clock's time.
 */
import { topics } from "../../src/db/schema.js";
import type { PracticeSettings } from "../../src/practice/settings.js";
import { topicsTick } from "../../src/topics/topics-job.js";
import { ChatUser, createHarness, prompts, seedPractice } from "./harness.js";
import { en } from "./privacy.js";
import { sessionPlanner } from "./sessions.js";

export const releaseInstant = new Date("2026-01-08T07:00:00Z");
export const reminderInstant = new Date("2026-01-08T12:00:00Z");

export function topicScene(options: { settings?: Partial<PracticeSettings> } = {}) {
  const h = createHarness();
  const seeded = seedPractice(h, { alias: "Oak-7", ...(options.settings ? { settings: options.settings } : {}) });
  const db = h.handle.db;
  const therapist = new ChatUser(h, "3003", "3003");
  therapist.command("start", seeded.therapistCode);
  therapist.read();
  const client = new ChatUser(h, "1001", "1001");
  client.command("start", seeded.code);
  client.pressLabel(en("consent.accept"));
  client.read();
  const plan = sessionPlanner(h, seeded.clientId);
  plan("2026-01-08 14:00");
  const tick = () => topicsTick(db, prompts(), h.clock.now());
  const stored = () => db.select().from(topics).all();
  /** `/later words`, then the button labelled `label` on its message when given. */
  const keep = (words: string, label?: string) => {
    client.command("later", words);
    const [kept] = client.read();
    if (label) client.press(kept?.buttons.get(label) as string);
    client.read();
  };
  return { h, db, seeded, therapist, client, plan, tick, stored, keep };
}
