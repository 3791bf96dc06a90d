/**
 * Bulk seeding for benchmarks: N active, consented clients with a console identity and a schedule
 * cursor, `dueNow` of them due at `now` and the rest tomorrow. Raw statements, one transaction.
 */
import type { DatabaseHandle } from "../src/db/connection.js";

export function seedClients(handle: DatabaseHandle, count: number, dueNow: number, now: Date): void {
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
    .run(`daily at ${slot.slice(11)}`, `${Number(slot.slice(14, 16))} ${Number(slot.slice(11, 13))} * * *`, t, t);
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
      cursor.run(id, due ? slot : tomorrow, due ? t : t + 86_400_000);
    }
  })();
}
