/**
 * Model-based: random sequences of what a client, the clock and the operator can do to one check-in
 * (consent, button and typed answers, skipping the note, pause, resume, stop, starting a check-in,
 * time passing past the reminder and the expiry, and restarting on the same database file), checked
 * after every step against a small model of the check-in state machine: the client's status, whether
 * a check-in is open, which question it is on, whether it was reminded, and how many answers exist.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FakeClock, MINUTE } from "../../src/clock.js";
import { openDatabase } from "../../src/db/connection.js";
import type { InboundEvent } from "../../src/engine/events.js";
import { findItem, skipKey } from "../../src/engine/questions.js";
import { silentLogger } from "../../src/logger.js";
import { Scheduler } from "../../src/schedule/scheduler.js";
import { createHarness, type Harness, prompts, seedPractice } from "../helpers/harness.js";

type Command =
  | { kind: "consent" }
  | { kind: "press"; key: string }
  | { kind: "type"; text: string }
  | { kind: "skip" }
  | { kind: "command"; name: "pause" | "resume" | "stop" | "start" }
  | { kind: "startCheckin" }
  | { kind: "advance"; minutes: number }
  | { kind: "restart" };

// Weighted towards consenting and starting, so most runs get a check-in open and then act on it.
const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Command>({ kind: "consent" }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("press" as const), key: fc.constantFrom("1", "3", "5", "y") }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("type" as const),
      text: fc.constantFrom("2", "4", "hmm", "my note", " "),
    }),
  },
  { weight: 1, arbitrary: fc.constant<Command>({ kind: "skip" }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("command" as const),
      name: fc.constantFrom("pause" as const, "resume" as const, "stop" as const, "start" as const),
    }),
  },
  { weight: 3, arbitrary: fc.constant<Command>({ kind: "startCheckin" }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("advance" as const), minutes: fc.integer({ min: 20, max: 400 }) }),
  },
  { weight: 1, arbitrary: fc.constant<Command>({ kind: "restart" }) },
);

const settings = { reminderAfterMinutes: 120, expireAfterMinutes: 600 };
const checkin = () => {
  const file = prompts().checkins.get("alliance-safety");
  if (!file) throw new Error("alliance-safety check-in missing");
  return file;
};

interface Open {
  itemIds: string[];
  position: number;
  createdAt: number;
  answered: boolean;
  reminded: boolean;
}

interface Model {
  status: "invited" | "active" | "paused" | "stopped";
  open: Open | undefined;
  answers: number;
}

/** Which keys the current question accepts, and whether it is a free-text one. */
function currentItem(open: Open) {
  const file = checkin();
  const item = findItem(file, open.itemIds[open.position] as string);
  if (!item) throw new Error("unknown item");
  const keys = item.kind === "choice" ? (file.scales[item.scale]?.options ?? []).map((o) => o.key) : [];
  return { isText: item.kind === "text", keys };
}

function recordAnswer(model: Model, open: Open): void {
  model.answers += 1;
  open.answered = true;
  open.position += 1;
  if (open.position >= open.itemIds.length) model.open = undefined;
}

describe("check-in state machine (model-based)", () => {
  it("the database agrees with the model after every step, across restarts", () => {
    const dir = mkdtempSync(join(tmpdir(), "interlude-model-"));
    let run = 0;
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 30 }), (commands) => {
        const path = join(dir, `run-${run++}.db`);
        const clock = new FakeClock("2026-11-23T08:00:00Z");
        let h: Harness = createHarness(openDatabase(path), clock);
        const scheduler = () =>
          new Scheduler({ db: h.handle.db, clock, prompts: prompts(), logger: silentLogger, random: () => 0 });
        let ticker = scheduler();
        const seeded = seedPractice(h, { settings });
        let updates = 0;
        const send = (payload: InboundEvent["payload"]) =>
          h.engine.handle({
            platform: "telegram",
            platformUserId: "77",
            chatId: "77",
            updateId: `u${updates++}`,
            payload,
          });
        const sqlite = () => h.handle.sqlite;
        /** The newest button set of a purpose (for the open check-in's current question, if an item). */
        const latestSet = (purpose: string, occurrenceId?: number, itemId?: string) =>
          sqlite()
            .prepare(
              "select id from choice_sets where purpose = ? and (? is null or (occurrence_id = ? and item_id = ?)) order by rowid desc limit 1",
            )
            .pluck()
            .get(purpose, occurrenceId ?? null, occurrenceId ?? null, itemId ?? null) as string | undefined;
        const openRow = () =>
          sqlite()
            .prepare(
              "select id, position, item_ids as itemIds, reminded_at as remindedAt from occurrences where status = 'open'",
            )
            .all() as Array<{
            id: number;
            position: number;
            itemIds: string;
            remindedAt: number | null;
          }>;
        // The dispatcher's part: everything queued goes out at once, so reminders count from now.
        const deliver = () =>
          sqlite()
            .prepare("update outbox set status = 'sent', sent_at = ? where status = 'pending'")
            .run(clock.now().getTime());

        send({ type: "command", name: "start", args: seeded.code });
        deliver();
        const model: Model = { status: "invited", open: undefined, answers: 0 };
        const startedAt = new Set<number>();

        for (const step of commands) {
          const open = model.open;
          const canAnswer = open !== undefined && (model.status === "active" || model.status === "paused");
          switch (step.kind) {
            case "consent": {
              const set = latestSet("consent");
              if (set) send({ type: "choice", data: `${set}.a` });
              if (set && model.status === "invited") model.status = "active";
              break;
            }
            case "press":
            case "skip": {
              const row = openRow()[0];
              const key = step.kind === "skip" ? skipKey : step.key;
              if (!row || !open) {
                // Nothing open: press the last question ever asked; it must be refused.
                const stale = latestSet("item");
                if (stale) send({ type: "choice", data: `${stale}.${key}` });
                break;
              }
              const set = latestSet("item", row.id, open.itemIds[open.position]);
              send({ type: "choice", data: `${set}.${key}` });
              const item = currentItem(open);
              const accepted = item.isText ? key === skipKey : item.keys.includes(key);
              if (canAnswer && accepted) recordAnswer(model, open);
              break;
            }
            case "type": {
              send({ type: "text", text: step.text });
              if (!canAnswer || !open) break;
              const item = currentItem(open);
              const accepted = item.isText ? step.text.trim() !== "" : /^[1-5]$/.test(step.text);
              if (accepted) recordAnswer(model, open);
              break;
            }
            case "command": {
              send({ type: "command", name: step.name, args: "" });
              if (step.name === "pause" && model.status === "active") model.status = "paused";
              if (step.name === "resume" && model.status === "paused") model.status = "active";
              if (step.name === "stop" && (model.status === "active" || model.status === "paused")) {
                model.status = "stopped";
                model.open = undefined;
              }
              break;
            }
            case "startCheckin": {
              h.engine.startCheckin(seeded.clientId);
              // A manual start is keyed by the millisecond: a second start at the same time is a duplicate.
              const at = clock.now().getTime();
              if (model.status === "active" && !startedAt.has(at)) {
                startedAt.add(at);
                const row = openRow()[0];
                model.open = {
                  itemIds: row ? (JSON.parse(row.itemIds) as string[]) : [],
                  position: 0,
                  createdAt: clock.now().getTime(),
                  answered: false,
                  reminded: false,
                };
              }
              break;
            }
            case "advance": {
              clock.advance(step.minutes * MINUTE);
              ticker.tick();
              const now = clock.now().getTime();
              if (open && now - open.createdAt >= settings.expireAfterMinutes * MINUTE) model.open = undefined;
              // The first question went out when the check-in started (delivered at once).
              else if (open && !open.answered && !open.reminded && model.status === "active") {
                if (now - open.createdAt >= settings.reminderAfterMinutes * MINUTE) open.reminded = true;
              }
              break;
            }
            case "restart": {
              h.handle.close();
              h = createHarness(openDatabase(path), clock);
              ticker = scheduler();
              break;
            }
          }
          deliver();

          const status = sqlite().prepare("select status from clients where id = ?").pluck().get(seeded.clientId);
          expect(status).toBe(model.status);
          const rows = openRow();
          expect(rows.length).toBe(model.open ? 1 : 0);
          if (model.open && rows[0]) {
            expect(rows[0].position).toBe(model.open.position);
            expect(rows[0].remindedAt !== null).toBe(model.open.reminded);
          }
          expect(sqlite().prepare("select count(*) from answers").pluck().get()).toBe(model.answers);
        }
        h.handle.close();
      }),
      { seed: 8_2026, numRuns: 60, endOnFailure: true },
    );
    rmSync(dir, { recursive: true, force: true });
  });
});
