/**
 * Planning a client's sessions: one-off sessions, weekly appointments expanded some weeks ahead,
 * cancelling and marking a no-show. Dates and times are the client's local ones, turned into instants
 * under the same DST policy as schedules (i18n/wall-time.ts): a time in a spring-forward gap moves to
 * the first minute after it, a time that exists twice is its first occurrence.
 *
 * One planned session per client and local day: planning a session on a day that already has one
 * moves it, so "thu 15:00" after "thu 14:00" is a change of time, not a second session.
 */
import { DateTime } from "luxon";
import type { DbOrTx } from "../db/connection.js";
import { type Actor, audit } from "../db/repos/audit.js";
import { type ClientRow, getPractice } from "../db/repos/people.js";
import {
  activeSeriesOf,
  insertSeries,
  insertSeriesSession,
  insertSession,
  plannedSessionsOfSeries,
  type SeriesRow,
  type SessionRow,
  sessionsOn,
  updateSeries,
  updateSession,
} from "../db/repos/sessions.js";
import type { SessionSource } from "../db/schema.js";
import { instantOf } from "../i18n/wall-time.js";
import { settingsOf } from "../practice/settings.js";
import { clientZone } from "../practice/zones.js";
import type { DaySpec, SessionAction } from "./spec.js";

/** How far ahead a weekly appointment's sessions exist. */
export const seriesHorizonDays = 56;

export type PlanOutcome =
  | { status: "planned" | "moved"; session: SessionRow }
  | { status: "series"; series: SeriesRow; first: SessionRow | undefined }
  | { status: "cancelled"; sessions: SessionRow[] }
  | { status: "no_show"; session: SessionRow }
  | { status: "series_stopped"; series: number; cancelled: number }
  /** Nothing to act on: no session that day, no weekly appointment, a no-show for a session ahead. */
  | { status: "none" | "in_past" | "not_yet" };

interface Planning {
  db: DbOrTx;
  client: ClientRow;
  zone: string;
  source: SessionSource;
  actor: Actor;
  now: Date;
}

/** Carries out one session action for a client; everything it changes is audited under `actor`. */
export function applySessionAction(
  db: DbOrTx,
  client: ClientRow,
  action: SessionAction,
  context: { source: SessionSource; actor: Actor; now: Date },
): PlanOutcome {
  const planning: Planning = { db, client, zone: clientZone(db, client), ...context };
  switch (action.kind) {
    case "one-off":
      return planOneOff(planning, action.day, action.time, action.minutes);
    case "series":
      return startSeries(planning, action.weekday, action.time, action.minutes);
    case "cancel":
      return cancelOn(planning, action.day);
    case "no-show":
      return markNoShow(planning, action.day);
    case "stop-series":
      return stopSeries(planning);
  }
}

/** The practice's session length, for a session planned without one. */
function sessionMinutesOf(planning: Planning): number {
  const practice = getPractice(planning.db, planning.client.practiceId);
  return practice ? settingsOf(practice).sessionMinutes : 50;
}

/** Today's local date in `zone` at `now`. */
export function localToday(now: Date, zone: string): DateTime {
  return DateTime.fromJSDate(now, { zone }).startOf("day");
}

/** The instant a local date and "HH:MM" stand for in `zone`. */
export function startOf(date: string, time: string, zone: string): Date {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const [hour, minute] = time.split(":").map(Number) as [number, number];
  return instantOf({ year, month, day, hour, minute }, zone);
}

/**
 * The local date a day spec names: a date as written; a weekday, the next one whose `time` is still
 * ahead (today included), or with `time` undefined the next one from today on.
 */
function upcomingDate(day: DaySpec, zone: string, now: Date, time?: string): string {
  if ("date" in day) return day.date;
  let date = localToday(now, zone);
  for (let step = 0; step < 8; step++, date = date.plus({ days: 1 })) {
    if (date.weekday !== day.weekday) continue;
    const iso = date.toISODate() as string;
    if (time === undefined || startOf(iso, time, zone) > now) return iso;
  }
  throw new Error("no weekday within eight days");
}

/** The local date a day spec names looking back: a weekday is the most recent one, today included. */
function pastDate(day: DaySpec, zone: string, now: Date): string {
  if ("date" in day) return day.date;
  let date = localToday(now, zone);
  while (date.weekday !== day.weekday) date = date.minus({ days: 1 });
  return date.toISODate() as string;
}

/** Audited under the client, so a client's erasure takes these entries with the rest of them. */
function record(planning: Planning, action: string, detail: Record<string, string | number | boolean | null>): void {
  audit(planning.db, { actor: planning.actor, action, subject: `client:${planning.client.id}`, detail }, planning.now);
}

function planOneOff(planning: Planning, day: DaySpec, time: string, minutes?: number): PlanOutcome {
  const { db, client, zone, now } = planning;
  const localDate = upcomingDate(day, zone, now, time);
  const startsAt = startOf(localDate, time, zone);
  if (startsAt <= now) return { status: "in_past" };
  const durationMinutes = minutes ?? sessionMinutesOf(planning);
  const existing = sessionsOn(db, client.id, localDate).find((s) => s.status === "planned");
  if (existing) {
    const moved = updateSession(db, existing.id, { startsAt, localTime: time, durationMinutes, timezone: zone }, now);
    record(planning, "session.moved", { session: existing.id, from: existing.localTime, to: time });
    return { status: "moved", session: moved as SessionRow };
  }
  const session = insertSession(
    db,
    {
      clientId: client.id,
      startsAt,
      durationMinutes,
      localDate,
      localTime: time,
      timezone: zone,
      source: planning.source,
    },
    now,
  );
  record(planning, "session.planned", { session: session.id });
  return { status: "planned", session };
}

function startSeries(planning: Planning, weekday: number, time: string, minutes?: number): PlanOutcome {
  const { db, client, zone, now } = planning;
  const startsOn = upcomingDate({ weekday }, zone, now, time);
  const series = insertSeries(
    db,
    {
      clientId: client.id,
      weekday,
      localTime: time,
      durationMinutes: minutes ?? sessionMinutesOf(planning),
      startsOn,
      source: planning.source,
    },
    now,
  );
  record(planning, "series.started", { series: series.id, weekday, time });
  expandSeries(db, series, zone, now);
  const first = sessionsOn(db, client.id, startsOn).find((s) => s.seriesId === series.id);
  return { status: "series", series, first };
}

function cancelOn(planning: Planning, day: DaySpec): PlanOutcome {
  const { db, client, zone, now } = planning;
  const localDate = upcomingDate(day, zone, now);
  const planned = sessionsOn(db, client.id, localDate).filter((s) => s.status === "planned");
  if (planned.length === 0) return { status: "none" };
  const cancelled = planned.map((s) => updateSession(db, s.id, { status: "cancelled" }, now) as SessionRow);
  for (const s of cancelled) record(planning, "session.cancelled", { session: s.id });
  return { status: "cancelled", sessions: cancelled };
}

function markNoShow(planning: Planning, day: DaySpec): PlanOutcome {
  const { db, client, zone, now } = planning;
  const localDate = pastDate(day, zone, now);
  const candidates = sessionsOn(db, client.id, localDate).filter((s) => s.status === "planned" || s.status === "held");
  const started = candidates.filter((s) => s.startsAt <= now);
  const session = started.at(-1);
  if (!session) return { status: candidates.length > 0 ? "not_yet" : "none" };
  const marked = updateSession(db, session.id, { status: "no_show" }, now) as SessionRow;
  record(planning, "session.no_show", { session: session.id });
  return { status: "no_show", session: marked };
}

function stopSeries(planning: Planning): PlanOutcome {
  const { db, client, now } = planning;
  const active = activeSeriesOf(db, client.id);
  if (active.length === 0) return { status: "none" };
  let cancelled = 0;
  for (const series of active) {
    updateSeries(db, series.id, { active: false }, now);
    for (const session of plannedSessionsOfSeries(db, series.id, now)) {
      updateSession(db, session.id, { status: "cancelled" }, now);
      cancelled++;
    }
    record(planning, "series.stopped", { series: series.id });
  }
  return { status: "series_stopped", series: active.length, cancelled };
}

/**
 * Creates the series' sessions from where it stopped up to the horizon (today in its client's zone
 * plus seriesHorizonDays). A date that already has its session (even a cancelled one) is left as it
 * is, so expanding again never brings back a cancelled session.
 */
export function expandSeries(db: DbOrTx, series: SeriesRow, zone: string, now: Date): number {
  const horizon = localToday(now, zone).plus({ days: seriesHorizonDays });
  let date = DateTime.fromISO(series.expandedUntil ?? series.startsOn, { zone });
  if (series.expandedUntil) date = date.plus({ days: 1 });
  while (date.weekday !== series.weekday) date = date.plus({ days: 1 });
  let made = 0;
  for (; date <= horizon; date = date.plus({ weeks: 1 })) {
    const localDate = date.toISODate() as string;
    const startsAt = startOf(localDate, series.localTime, zone);
    if (startsAt <= now) continue;
    const row = insertSeriesSession(
      db,
      {
        clientId: series.clientId,
        seriesId: series.id,
        startsAt,
        durationMinutes: series.durationMinutes,
        localDate,
        localTime: series.localTime,
        timezone: zone,
        source: series.source,
      },
      now,
    );
    if (row) made++;
  }
  updateSeries(db, series.id, { expandedUntil: horizon.toISODate() as string }, now);
  return made;
}
