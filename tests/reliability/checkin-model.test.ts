/**
 * Model-based: random sequences of what a client, the clock and the operator can do to a client on a
 * real recurring schedule (five slots a day in the client's own time zone), checked against a small
 * model of the check-in state machine and of the scheduler's documented rules.
 *
 * Commands: consent, button and typed answers, skipping the note, /pause, /resume, /stop, /start, a
 * manual start (the CLI's `checkin send`), time passing with the process up (the minute tick runs, so
 * slots are sent on time, reminders and expiry happen), and a restart on the same database file after
 * 0–15 hours of downtime (new Scheduler, one tick at start-up as in main.ts).
 *
 * Scheduled starts are the main path: the model predicts when a slot opens a check-in, supersedes an
 * open one, is skipped (paused, stopped, not yet consented) or is recorded as missed after downtime
 * (all but the latest of several; the latest too when it is more than `catchUpMinutes` late).
 *
 * After every step, and after every tick inside a time step, the database must agree with the model:
 * the client's status, whether a check-in is open, its question, items and reminder, the number of
 * answers, every occurrence (scheduled or not, intended time, status), and the next scheduled send.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { FakeClock, MINUTE } from "../../src/clock.js";
import { openDatabase } from "../../src/db/connection.js";
import { setClientTimezone } from "../../src/db/repos/people.js";
import { setSchedule } from "../../src/db/repos/schedules.js";
import type { InboundEvent } from "../../src/engine/events.js";
import { findItem, skipKey } from "../../src/engine/questions.js";
import { scheduleInputSchema } from "../../src/schedule/spec.js";
import { createHarness, type Harness, prompts, schedulerOn, seedPractice } from "../helpers/harness.js";

type Command =
  | { kind: "consent" }
  | { kind: "press"; key: string }
  | { kind: "type"; text: string }
  | { kind: "skip" }
  | { kind: "command"; name: "pause" | "resume" | "stop" | "start" }
  | { kind: "startCheckin" }
  | { kind: "advance"; minutes: number }
  | { kind: "restart"; downMinutes: number };

// Weighted towards time passing, so most runs cross several slots; a manual start is the side path.
const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<Command>({ kind: "consent" }) },
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
      // /stop ends everything, so it is rarer than the others.
      name: fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom("pause" as const, "resume" as const, "start" as const) },
        { weight: 1, arbitrary: fc.constant("stop" as const) },
      ),
    }),
  },
  { weight: 1, arbitrary: fc.constant<Command>({ kind: "startCheckin" }) },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant("advance" as const), minutes: fc.integer({ min: 20, max: 400 }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("restart" as const),
      // Often a quick restart; otherwise long enough to pass one slot or several, within or past catch-up.
      downMinutes: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 900 })),
    }),
  },
);

const settings = { reminderAfterMinutes: 120, expireAfterMinutes: 600, catchUpMinutes: 120 };

/*
 * The schedule, twice: as the practice writes it, and as the model's own list of local times. Gaps of
 * 2, 3, 4, 5 and 10 hours, so a 20–400 minute step crosses zero, one or two slots, and the overnight
 * gap equals the expiry window (expiry and the next slot fall on the same tick). The client's zone
 * overrides the practice's (Europe/Stockholm); late November has no DST change in New York, so the
 * model needs no DST policy.
 */
const spec = "30 7,9,12,16,21 * * *";
const slotTimes = [
  [7, 30],
  [9, 30],
  [12, 30],
  [16, 30],
  [21, 30],
] as const;
const clientZone = "America/New_York";

/** The first slot strictly after `after` (ms), as an instant. */
function nextSlotAfter(after: number): number {
  let day = DateTime.fromMillis(after, { zone: clientZone }).startOf("day");
  for (;;) {
    for (const [hour, minute] of slotTimes) {
      const at = day.set({ hour, minute }).toMillis();
      if (at > after) return at;
    }
    day = day.plus({ days: 1 });
  }
}

/** Every slot in (from, to]. */
function slotsBetween(from: number, to: number): number[] {
  const slots: number[] = [];
  for (let at = nextSlotAfter(from); at <= to; at = nextSlotAfter(at)) slots.push(at);
  return slots;
}

const checkin = () => {
  const file = prompts().checkins.get("alliance-safety");
  if (!file) throw new Error("alliance-safety check-in missing");
  return file;
};

/** With the default switches (no risk item, no ceiling question, notes on) a check-in asks these items. */
const expectedItemIds = () =>
  checkin()
    .items.filter((item) => !item.enabled_by || item.enabled_by === "client_notes")
    .map((item) => item.id);

type OccurrenceStatus = "open" | "completed" | "expired" | "missed" | "superseded" | "cancelled";

interface Occurrence {
  fromSchedule: boolean;
  scheduledFor: number;
  status: OccurrenceStatus;
}

interface Open {
  occurrence: Occurrence;
  itemIds: string[];
  position: number;
  /** Also when its first question went out: the harness delivers everything right after each step and tick. */
  createdAt: number;
  answered: boolean;
  reminded: boolean;
}

/**
 * The client's next send, as docs/architecture.md describes the cursor: a status change means "work
 * it out at the next tick, strictly after that tick's time" (or drop it if not active).
 */
type Cursor = { kind: "none" } | { kind: "placeAtNextTick" } | { kind: "slot"; dueAt: number };

interface Model {
  status: "invited" | "active" | "paused" | "stopped";
  open: Open | undefined;
  answers: number;
  occurrences: Occurrence[];
  cursor: Cursor;
  /** Slots already sent or recorded missed: each slot at most once. */
  slotsTaken: Set<number>;
}

/** How often each scheduling path was taken over all runs, so a generator change cannot make them vacuous. */
const seen = {
  reminded: 0,
  scheduledStart: 0,
  supersededBySlot: 0,
  caughtUpLate: 0,
  missed: 0,
  slotWhileNotActive: 0,
  expired: 0,
};

/** Which keys the current question accepts, and whether it is a free-text one. */
function currentItem(open: Open) {
  const file = checkin();
  const item = findItem(file, open.itemIds[open.position] as string);
  if (!item) throw new Error("unknown item");
  const keys = item.kind === "choice" ? (file.scales[item.scale]?.options ?? []).map((o) => o.key) : [];
  return { isText: item.kind === "text", keys };
}

function closeOpen(model: Model, status: Exclude<OccurrenceStatus, "open" | "missed">): void {
  if (!model.open) return;
  model.open.occurrence.status = status;
  model.open = undefined;
}

function recordAnswer(model: Model, open: Open): void {
  model.answers += 1;
  open.answered = true;
  open.position += 1;
  if (open.position >= open.itemIds.length) closeOpen(model, "completed");
}

/** A new check-in: an older open one is superseded (answers kept), the new one asks its first question. */
function start(model: Model, now: number, scheduledFor: number, fromSchedule: boolean): void {
  if (model.open) {
    if (fromSchedule) seen.supersededBySlot += 1;
    closeOpen(model, "superseded");
  }
  const occurrence: Occurrence = { fromSchedule, scheduledFor, status: "open" };
  model.occurrences.push(occurrence);
  model.open = {
    occurrence,
    itemIds: expectedItemIds(),
    position: 0,
    createdAt: now,
    answered: false,
    reminded: false,
  };
}

function recordMissed(model: Model, slot: number): void {
  if (model.slotsTaken.has(slot)) return;
  model.slotsTaken.add(slot);
  model.occurrences.push({ fromSchedule: true, scheduledFor: slot, status: "missed" });
  seen.missed += 1;
}

/**
 * One scheduler tick at `now`, in the order README "Schedules" and docs/architecture.md give: expiry
 * first, then the due slot (catch-up and missed after downtime), then the one reminder.
 */
function tickModel(model: Model, now: number): void {
  if (model.open && now - model.open.createdAt >= settings.expireAfterMinutes * MINUTE) {
    seen.expired += 1;
    closeOpen(model, "expired");
  }

  const cursor = model.cursor;
  if (model.status !== "active") {
    // Paused and stopped clients get nothing; their cursor is removed, not recorded as missed.
    model.cursor = { kind: "none" };
  } else if (cursor.kind === "placeAtNextTick") {
    // No past slots: the next slot strictly after now, whatever passed since the status changed.
    model.cursor = { kind: "slot", dueAt: nextSlotAfter(now) };
  } else if (cursor.kind === "slot" && cursor.dueAt <= now) {
    // Several due at once (downtime): all but the latest are missed.
    let slot = cursor.dueAt;
    for (let later = nextSlotAfter(slot); later <= now; later = nextSlotAfter(slot)) {
      recordMissed(model, slot);
      slot = later;
    }
    // The latest is still sent if at most catchUpMinutes late, else missed too.
    if (now - slot > settings.catchUpMinutes * MINUTE) {
      recordMissed(model, slot);
    } else if (!model.slotsTaken.has(slot)) {
      model.slotsTaken.add(slot);
      seen.scheduledStart += 1;
      if (now > slot) seen.caughtUpLate += 1;
      start(model, now, slot, true);
    }
    model.cursor = { kind: "slot", dueAt: nextSlotAfter(slot) };
  }

  // One reminder, for an untouched check-in of an active client, counted from when it went out.
  const open = model.open;
  if (open && !open.answered && !open.reminded && model.status === "active") {
    if (now - open.createdAt >= settings.reminderAfterMinutes * MINUTE) {
      open.reminded = true;
      seen.reminded += 1;
    }
  }
}

/** Status changes invalidate the cursor; the next tick places or drops it. */
function setStatus(model: Model, status: Model["status"]): void {
  model.status = status;
  model.cursor = { kind: "placeAtNextTick" };
}

/**
 * The instants a running process would have ticked at that can matter: now (the tick that notices a
 * status change just made), one minute before each slot (nothing may open early), each slot, and the end.
 * Ticking every minute would change nothing the model checks, at many times the cost: nothing but a
 * tick touches the check-in during the step, so a reminder or expiry falling between two ticks just
 * happens at the next one, and expiry runs first in a tick.
 */
function tickTimes(from: number, to: number): number[] {
  const times = new Set<number>([from]);
  for (const slot of slotsBetween(from, to)) {
    if (slot - MINUTE > from) times.add(slot - MINUTE);
    times.add(slot);
  }
  times.add(to);
  return [...times].sort((a, b) => a - b);
}

// A hundred random runs take about 15 s alone and several times that on a busy 2-core machine.
describe("check-in state machine on a schedule (model-based)", () => {
  it("the database agrees with the model after every step and tick, across restarts", () => {
    const dir = mkdtempSync(join(tmpdir(), "interlude-model-"));
    let run = 0;
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.array(command, { minLength: 1, maxLength: 40, size: "max" }),
        (checkinAfterConsent, commands) => {
          const path = join(dir, `run-${run++}.db`);
          // Monday 03:00 in New York: the first slot is 07:30 local (12:30Z).
          const clock = new FakeClock("2026-11-23T08:00:00Z");
          let h: Harness = createHarness(openDatabase(path), clock);
          try {
            const scheduler = () => schedulerOn(h.handle.db, clock, { random: () => 0 });
            let ticker = scheduler();
            const seeded = seedPractice(h, { settings: { ...settings, checkinAfterConsent } });
            setSchedule(
              h.handle.db,
              { practiceId: seeded.practiceId },
              scheduleInputSchema.parse({ spec }),
              clock.now(),
              "2026-11-23",
            );
            setClientTimezone(h.handle.db, seeded.clientId, clientZone);
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
                .all() as Array<{ id: number; position: number; itemIds: string; remindedAt: number | null }>;
            // The dispatcher's part: everything queued goes out at once, so reminders count from now.
            const deliver = () =>
              sqlite()
                .prepare("update outbox set status = 'sent', sent_at = ? where status = 'pending'")
                .run(clock.now().getTime());

            send({ type: "command", name: "start", args: seeded.code });
            deliver();
            const model: Model = {
              status: "invited",
              open: undefined,
              answers: 0,
              occurrences: [],
              // Setting the zone invalidated the cursor; the first tick drops it while the client is invited.
              cursor: { kind: "placeAtNextTick" },
              slotsTaken: new Set(),
            };
            /** Instants of manual starts (their idempotency key is the millisecond). */
            const manualStarts = new Set<number>();

            const agree = (after: string) => {
              const at = `${after} at ${clock.now().toISOString()}`;
              const status = sqlite().prepare("select status from clients where id = ?").pluck().get(seeded.clientId);
              expect(status, `status after ${at}`).toBe(model.status);
              const rows = openRow();
              expect(rows.length, `open check-ins after ${at}`).toBe(model.open ? 1 : 0);
              if (model.open && rows[0]) {
                expect(rows[0].position, `position after ${at}`).toBe(model.open.position);
                expect(rows[0].remindedAt !== null, `reminded after ${at}`).toBe(model.open.reminded);
                expect(JSON.parse(rows[0].itemIds), `items after ${at}`).toEqual(model.open.itemIds);
              }
              expect(sqlite().prepare("select count(*) from answers").pluck().get(), `answers after ${at}`).toBe(
                model.answers,
              );
              const occurrences = sqlite()
                .prepare(
                  "select schedule_id is not null as fromSchedule, scheduled_for as scheduledFor, status from occurrences order by id",
                )
                .all();
              expect(occurrences, `occurrences after ${at}`).toEqual(
                model.occurrences.map((o) => ({
                  fromSchedule: o.fromSchedule ? 1 : 0,
                  scheduledFor: o.scheduledFor,
                  status: o.status,
                })),
              );
              // The next scheduled send, as `schedule show` would see it (an invalidated cursor has none yet).
              const nextDue = sqlite()
                .prepare("select due_at from schedule_cursors where client_id = ? and slot is not null")
                .pluck()
                .get(seeded.clientId);
              expect(nextDue ?? null, `next send after ${at}`).toBe(
                model.cursor.kind === "slot" ? model.cursor.dueAt : null,
              );
            };

            for (const step of commands) {
              const open = model.open;
              const canAnswer = open !== undefined && (model.status === "active" || model.status === "paused");
              switch (step.kind) {
                case "consent": {
                  const set = latestSet("consent");
                  if (set) send({ type: "choice", data: `${set}.a` });
                  if (set && model.status === "invited") {
                    setStatus(model, "active");
                    const now = clock.now().getTime();
                    if (checkinAfterConsent) start(model, now, now, false);
                  }
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
                  if (step.name === "pause" && model.status === "active") setStatus(model, "paused");
                  if (step.name === "resume" && model.status === "paused") setStatus(model, "active");
                  if (step.name === "stop" && (model.status === "active" || model.status === "paused")) {
                    closeOpen(model, "cancelled");
                    setStatus(model, "stopped");
                  }
                  break;
                }
                case "startCheckin": {
                  // The CLI's `checkin send`: outside the schedule, keyed by the millisecond, so a second
                  // start at the same time is a duplicate. It leaves the next scheduled send alone.
                  h.engine.startCheckin(seeded.clientId);
                  const now = clock.now().getTime();
                  if (model.status === "active" && !manualStarts.has(now)) {
                    manualStarts.add(now);
                    start(model, now, now, false);
                  }
                  break;
                }
                case "advance": {
                  const from = clock.now().getTime();
                  const to = from + step.minutes * MINUTE;
                  if (model.status !== "active") seen.slotWhileNotActive += slotsBetween(from, to).length;
                  for (const at of tickTimes(from, to)) {
                    clock.set(new Date(at));
                    ticker.tick();
                    tickModel(model, at);
                    deliver();
                    agree(`a tick inside ${JSON.stringify(step)}`);
                  }
                  break;
                }
                case "restart": {
                  h.handle.close();
                  // Down: no ticks while the clock moves.
                  clock.advance(step.downMinutes * MINUTE);
                  h = createHarness(openDatabase(path), clock);
                  ticker = scheduler();
                  // main.ts ticks once at start-up, before the first minute.
                  ticker.tick();
                  tickModel(model, clock.now().getTime());
                  break;
                }
              }
              deliver();
              agree(JSON.stringify(step));
            }
          } finally {
            // Also when a check fails, so shrinking does not pile up open files.
            h.handle.close();
          }
        },
      ),
      { seed: 8_2026, numRuns: 100 },
    );
    rmSync(dir, { recursive: true, force: true });
    // Every scheduling path the model describes was actually taken, not just allowed.
    for (const [path, count] of Object.entries(seen)) expect(count, path).toBeGreaterThan(0);
  }, 180_000);
});
