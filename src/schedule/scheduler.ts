/**
 * The minute tick. node-cron only wakes it; what is due is data: each active client's cursor holds
 * its next slot, found through an index on the due time. For each due slot, atomically: the
 * occurrence is created under its idempotency key (client, schedule, local slot) and its first
 * question queued, or the slot is recorded as missed; then the cursor moves on. A double tick, two
 * processes ticking at once, or a restart can therefore never send a slot twice.
 */
import type { Clock } from "../clock.js";
import type { Db, Tx } from "../db/connection.js";
import { insertMissedOccurrence } from "../db/repos/checkins.js";
import { type ClientRow, getClient, getPractice, type PracticeRow } from "../db/repos/people.js";
import {
  type CursorRow,
  clientsWithoutCursor,
  dropCursor,
  dueCursors,
  type ScheduleRow,
  saveCursor,
  scheduleFor,
  sessionTimedCron,
} from "../db/repos/schedules.js";
import { type WallTime, wallTimeOf } from "../i18n/wall-time.js";
import type { Logger } from "../logger.js";
import { settingsOf } from "../practice/settings.js";
import type { Prompts } from "../prompts/load.js";
import type { CheckinStarter } from "./checkin-starter.js";
import { expireStale, remindUntouched } from "./lifecycle.js";
import { runSessionSlot, saveNextSessionSlot } from "./session-slots.js";
import { nextSlot, parseSlotKey, sendTimeOf, slotKey } from "./slots.js";

export interface TickReport {
  cursorsCreated: number;
  started: number;
  missed: number;
  duplicates: number;
  reminded: number;
  expired: number;
}

export interface SchedulerDeps {
  db: Db;
  clock: Clock;
  prompts: Prompts;
  logger: Logger;
  /** Starts a due check-in: the engine's (engine/start-checkin.ts `checkinStarter`). */
  start: CheckinStarter;
  /** Draws jitter; injectable so tests are repeatable. */
  random?: () => number;
}

const batchSize = 500;
/** How many consecutive past slots one catch-up may walk before it jumps to the present. */
const maxSlotsPerCatchUp = 1_000;

export class Scheduler {
  private readonly random: () => number;
  private ticks = 0;
  /** Practices read during the current tick: every due client asks for theirs, and there are few. */
  private practices = new Map<number, PracticeRow | undefined>();

  constructor(private readonly deps: SchedulerDeps) {
    this.random = deps.random ?? Math.random;
  }

  tick(): TickReport {
    const now = this.deps.clock.now();
    this.practices.clear();
    const report: TickReport = { cursorsCreated: 0, started: 0, missed: 0, duplicates: 0, reminded: 0, expired: 0 };
    // Expire first, so a check-in that ran out is recorded as expired rather than superseded.
    report.expired = expireStale(this.deps.db, now);
    // Safety net for clients activated by a path that placed no cursor: at start-up, then hourly.
    for (let sweep = this.ticks++ % 60 === 0; sweep; ) {
      const fresh = clientsWithoutCursor(this.deps.db, batchSize);
      this.inBatch(
        fresh,
        report,
        (tx, client) => this.placeCursor(tx, client, now),
        (client) => client.id,
      );
      report.cursorsCreated += fresh.length;
      sweep = fresh.length === batchSize;
    }
    for (;;) {
      const due = dueCursors(this.deps.db, now, batchSize);
      this.inBatch(
        due,
        report,
        (tx, cursor) => this.runSlot(tx, cursor, now, report),
        (cursor) => cursor.clientId,
      );
      if (due.length < batchSize) break;
    }
    report.reminded = remindUntouched(this.deps.db, this.deps.prompts, now);
    if (report.started + report.missed + report.reminded + report.expired > 0) {
      this.deps.logger.info(report, "tick");
    }
    return report;
  }

  /**
   * One commit per batch (a commit is an fsync under synchronous=FULL). The batch runs as one plain
   * transaction: a savepoint per item cost more than the item's own writes (B2e in docs/BENCHMARKS.md).
   * If any item throws, the whole batch rolls back, `report` is restored, and the batch runs again with
   * each item in its own savepoint, so only the failing item is skipped (logged, retried next tick).
   */
  private inBatch<T>(
    items: T[],
    report: TickReport,
    work: (tx: Tx, item: T) => void,
    clientOf: (item: T) => number,
  ): void {
    if (items.length === 0) return;
    const before = { ...report };
    try {
      this.deps.db.transaction((tx) => {
        for (const item of items) work(tx, item);
      });
      return;
    } catch {
      Object.assign(report, before);
    }
    this.deps.db.transaction((tx) => {
      for (const item of items) {
        try {
          tx.transaction((savepoint) => work(savepoint, item));
        } catch (error) {
          const err = { name: (error as Error).name, message: (error as Error).message };
          this.deps.logger.error({ err, clientId: clientOf(item) }, "scheduling a client failed; retried next tick");
        }
      }
    });
  }

  private zoneOf(tx: Tx, client: ClientRow): string {
    return client.timezone ?? this.practiceOf(tx, client.practiceId)?.timezone ?? "UTC";
  }

  private practiceOf(tx: Tx, practiceId: number): PracticeRow | undefined {
    if (!this.practices.has(practiceId)) this.practices.set(practiceId, getPractice(tx, practiceId));
    return this.practices.get(practiceId);
  }

  /** A client's first cursor: the first slot strictly after now, so no past slot is ever created. */
  private placeCursor(tx: Tx, client: ClientRow, now: Date): void {
    const zone = this.zoneOf(tx, client);
    const schedule = scheduleFor(tx, client);
    if (schedule?.cron === sessionTimedCron) {
      // Placed again after every change to the sessions: a slot that fell due while the cursor was
      // being re-placed is still within reach (its key stops it from being sent twice).
      const practice = this.practiceOf(tx, client.practiceId);
      const catchUpMs = (practice ? settingsOf(practice).catchUpMinutes : 120) * 60_000;
      saveNextSessionSlot(tx, client.id, schedule, zone, new Date(now.getTime() - catchUpMs), this.random);
      return;
    }
    this.saveNext(tx, client.id, schedule, zone, wallTimeOf(now, zone));
  }

  private saveNext(tx: Tx, clientId: number, schedule: ScheduleRow | undefined, zone: string, after: WallTime): void {
    const slot = schedule ? nextSlot(schedule, after) : undefined;
    if (!schedule || !slot) {
      saveCursor(tx, {
        clientId,
        scheduleId: schedule?.id ?? null,
        slot: null,
        timezone: zone,
        jitterMinutes: 0,
        dueAt: null,
      });
      return;
    }
    // Jitter is drawn once per slot and stored, so a restart does not move the send.
    const jitterMinutes = Math.floor(this.random() * (schedule.jitterMinutes + 1));
    saveCursor(tx, {
      clientId,
      scheduleId: schedule.id,
      slot: slotKey(slot),
      timezone: zone,
      jitterMinutes,
      dueAt: sendTimeOf(schedule, slot, jitterMinutes, zone),
    });
  }

  private runSlot(tx: Tx, cursor: CursorRow, now: Date, report: TickReport): void {
    const client = getClient(tx, cursor.clientId);
    if (client?.status !== "active") {
      // Paused or stopped: nothing is sent; resuming places a fresh cursor from that moment.
      dropCursor(tx, cursor.clientId);
      return;
    }
    const schedule = scheduleFor(tx, client);
    const zone = this.zoneOf(tx, client);
    if (!schedule || schedule.id !== cursor.scheduleId || zone !== cursor.timezone || !cursor.slot || !cursor.dueAt) {
      // Invalidated, or the schedule or zone changed under this cursor: start again from now.
      this.placeCursor(tx, client, now);
      report.cursorsCreated += 1;
      return;
    }
    if (schedule.cron === sessionTimedCron) {
      const practice = this.practiceOf(tx, client.practiceId);
      runSessionSlot(tx, { ...cursor, slot: cursor.slot, dueAt: cursor.dueAt }, report, {
        client,
        schedule,
        zone,
        now,
        practice,
        catchUpMs: (practice ? settingsOf(practice).catchUpMinutes : 120) * 60_000,
        start: this.deps.start,
        random: this.random,
        replace: () => this.placeCursor(tx, client, now),
      });
      return;
    }
    const practice = this.practiceOf(tx, client.practiceId);
    const catchUpMs = (practice ? settingsOf(practice).catchUpMinutes : 120) * 60_000;

    // After downtime several slots may be due: only the latest can be sent, the rest are missed.
    let slot = parseSlotKey(cursor.slot);
    let dueAt = cursor.dueAt;
    for (let walked = 0; walked < maxSlotsPerCatchUp; walked++) {
      const later = nextSlot(schedule, slot);
      const laterDue = later ? sendTimeOf(schedule, later, 0, zone) : undefined;
      if (!later || !laterDue || laterDue.getTime() > now.getTime()) break;
      this.recordMissed(tx, client, schedule, slot, dueAt, now, report);
      slot = later;
      dueAt = laterDue;
    }

    if (now.getTime() - dueAt.getTime() > catchUpMs) {
      this.recordMissed(tx, client, schedule, slot, dueAt, now, report);
    } else {
      const result = this.deps.start(
        tx,
        client,
        { idempotencyKey: idempotencyKey(client.id, schedule.id, slot), scheduledFor: dueAt, scheduleId: schedule.id },
        now,
        practice,
      );
      if (result.status === "started") report.started += 1;
      else if (result.status === "duplicate") report.duplicates += 1;
      else this.recordMissed(tx, client, schedule, slot, dueAt, now, report);
    }
    this.saveNext(tx, client.id, schedule, zone, slot);
  }

  private recordMissed(
    tx: Tx,
    client: ClientRow,
    schedule: ScheduleRow,
    slot: WallTime,
    dueAt: Date,
    now: Date,
    report: TickReport,
  ): void {
    const recorded = insertMissedOccurrence(
      tx,
      {
        clientId: client.id,
        scheduleId: schedule.id,
        idempotencyKey: idempotencyKey(client.id, schedule.id, slot),
        checkinId: client.checkinId,
        scheduledFor: dueAt,
      },
      now,
    );
    if (recorded) report.missed += 1;
    else report.duplicates += 1;
  }
}

/** One slot of one schedule for one client: the unit that is sent at most once. */
export function idempotencyKey(clientId: number, scheduleId: number, slot: WallTime): string {
  return `slot:${clientId}:${scheduleId}:${slotKey(slot)}`;
}
