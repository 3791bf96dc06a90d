/**
 * Bulk seeding for benchmarks: N active, consented clients with a console identity and a schedule
 * cursor, `dueNow` of them due at `now` and the rest tomorrow. Raw statements, one transaction.
 *
 * With `form: "session"` the schedule is timed to sessions ("after each session +1h"): every client
 * has a held session that ended an hour before `now` and a planned one a week later; the due ones'
 * cursors point at the held session, the rest at next week's.
 */
import type { DatabaseHandle } from "../src/db/connection.js";

export type SeedForm = "calendar" | "session";

const sessionMinutes = 50;
const hourMs = 3_600_000;

export function seedClients(
  handle: DatabaseHandle,
  count: number,
  dueNow: number,
  now: Date,
  form: SeedForm = "calendar",
): void {
  const { sqlite } = handle;
  const t = now.getTime();
  sqlite.exec(`
    INSERT INTO practices (name, timezone, locale, settings, is_demo, created_at)
      VALUES ('Bench', 'UTC', 'en', '{"reminderAfterMinutes":0}', 0, ${t});
    INSERT INTO therapists (practice_id, alias, active, created_at) VALUES (1, 'T', 1, ${t});
  `);
  const slot = new Date(t).toISOString().slice(0, 16);
  const tomorrow = new Date(t + 86_400_000).toISOString().slice(0, 16);
  sqlite
    .prepare(
      `INSERT INTO schedules (practice_id, spec, cron, jitter_minutes, active, created_at, updated_at)
       VALUES (1, ?, ?, 0, 1, ?, ?)`,
    )
    .run(
      ...(form === "session"
        ? ["after each session +1h", "@session"]
        : [`daily at ${slot.slice(11)}`, `${Number(slot.slice(14, 16))} ${Number(slot.slice(11, 13))} * * *`]),
      t,
      t,
    );
  const session = sqlite.prepare(
    `INSERT INTO sessions (client_id, starts_at, duration_minutes, local_date, local_time, timezone, status, source, created_at, updated_at)
     VALUES (?, ?, ${sessionMinutes}, ?, ?, 'UTC', ?, 'cli', ?, ?)`,
  );
  const addSession = (clientId: number, startsAt: number, status: "held" | "planned") => {
    const iso = new Date(startsAt).toISOString();
    return Number(session.run(clientId, startsAt, iso.slice(0, 10), iso.slice(11, 16), status, t, t).lastInsertRowid);
  };
  const client = sqlite.prepare(
    `INSERT INTO clients (practice_id, therapist_id, alias, locale, checkin_id, status, created_at)
     VALUES (1, 1, ?, 'en', 'alliance-safety', 'active', ?)`,
  );
  const identity = sqlite.prepare(
    `INSERT INTO identities (platform, platform_user_id, chat_id, client_id, undeliverable, created_at)
     VALUES ('console', ?, ?, ?, 0, ?)`,
  );
  const cursor = sqlite.prepare(
    `INSERT INTO schedule_cursors (client_id, schedule_id, slot, timezone, jitter_minutes, due_at)
     VALUES (?, 1, ?, 'UTC', 0, ?)`,
  );
  sqlite.transaction(() => {
    for (let i = 0; i < count; i++) {
      const id = Number(client.run(`c${i}`, t).lastInsertRowid);
      identity.run(`u${i}`, `chat${i}`, id, t);
      const due = i < dueNow;
      if (form === "calendar") {
        cursor.run(id, due ? slot : tomorrow, due ? t : t + 86_400_000);
        continue;
      }
      const held = addSession(id, t - hourMs - sessionMinutes * 60_000, "held");
      const nextWeek = t + 7 * 86_400_000;
      const planned = addSession(id, nextWeek, "planned");
      if (due) cursor.run(id, `s:${held}`, t);
      else cursor.run(id, `s:${planned}`, nextWeek + sessionMinutes * 60_000 + hourMs);
    }
  })();
}
