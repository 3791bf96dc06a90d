/**
 * B1's starting state: enrolled, consented (active) clients, each with an open check-in on its first
 * question. Clients are seeded with raw statements (bench/seed.ts: enrolment through the engine would
 * only add seeding time, not change the rows an answer touches); the check-ins are started by the
 * real scheduler tick, so occurrences, choice sets and outbox rows are exactly what production writes.
 */
import type { FakeClock } from "../src/clock.js";
import type { DatabaseHandle } from "../src/db/connection.js";
import { checkinStarter } from "../src/engine/start-checkin.js";
import { silentLogger } from "../src/logger.js";
import type { SafetyPrompts } from "../src/safety/safety-prompts.js";
import { Scheduler } from "../src/schedule/scheduler.js";
import { seedClients } from "./seed.js";

export function seedOpenCheckins(
  handle: DatabaseHandle,
  clients: number,
  clock: FakeClock,
  prompts: SafetyPrompts,
): string[] {
  seedClients(handle, clients, clients, clock.now());
  const report = new Scheduler({
    db: handle.db,
    clock,
    prompts,
    start: checkinStarter(prompts),
    logger: silentLogger,
  }).tick();
  if (report.started !== clients) throw new Error(`expected ${clients} check-ins started, got ${report.started}`);
  const row = handle.sqlite.prepare("SELECT item_ids FROM occurrences LIMIT 1").get() as { item_ids: string };
  return JSON.parse(row.item_ids) as string[];
}

export interface Press {
  /** The seeded console identity's user and chat (bench/seed.ts names them u<i>, chat<i>). */
  user: string;
  chat: string;
  /** Button data as the platform would send it back: `<choice set id>.<option key>`. */
  data: string;
}

/**
 * The button press each client makes on the question with `itemId`: read from the choice sets the
 * previous round wrote, before the round is timed. Key "4" is a mid-scale, non-risk answer; a text
 * item (the note) can only be skipped by button.
 */
export function pressesFor(handle: DatabaseHandle, itemId: string, key: string): Press[] {
  const rows = handle.sqlite
    .prepare(
      `SELECT s.id AS set_id, i.platform_user_id AS user, i.chat_id AS chat
       FROM choice_sets s JOIN identities i ON i.id = s.identity_id
       WHERE s.purpose = 'item' AND s.item_id = ? ORDER BY s.identity_id`,
    )
    .all(itemId) as Array<{ set_id: string; user: string; chat: string }>;
  return rows.map((r) => ({ user: r.user, chat: r.chat, data: `${r.set_id}.${key}` }));
}
