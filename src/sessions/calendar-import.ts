/**
 * `session import calendar.ics`: a practice's calendar export read into sessions. ical.js parses the
 * file and expands recurring events with their exceptions (moved or cancelled occurrences, EXDATEs).
 * Only events whose title names one client of the practice by alias are taken, and of those only the
 * times: a calendar's titles, descriptions, attendees and locations hold real names, so none of it is
 * stored. Even the event's UID is kept only as a hash, which is all re-importing needs: an occurrence
 * is found again by (UID, recurrence id), so importing the same or an edited calendar again moves
 * what moved, cancels what was cancelled or removed, and adds nothing twice.
 *
 * The file is taken as the whole calendar of its scope: the practice's, or with a therapist one
 * therapist's (only their clients are matched). An event imported before that is no longer in the
 * file was deleted, so its sessions still ahead are cancelled; import the same calendar each time.
 *
 * Occurrences from 30 days back to the sessions' horizon ahead are read; a past one becomes held at
 * the next tick like any session nobody marked.
 */
import { createHash } from "node:crypto";
import ICAL from "ical.js";

type IcalTime = InstanceType<typeof ICAL.Time>;
type IcalComponent = InstanceType<typeof ICAL.Component>;
type IcalEvent = InstanceType<typeof ICAL.Event>;

import type { Db, DbOrTx } from "../db/connection.js";
import { type Actor, audit } from "../db/repos/audit.js";
import { type ClientRow, getPractice, listClients } from "../db/repos/people.js";
import {
  insertSession,
  plannedCalendarSessions,
  type SessionRow,
  sessionByCalendarEvent,
  sessionsOfCalendarEvents,
  updateSession,
} from "../db/repos/sessions.js";
import { instantOf, isValidZone, localDateOf, localTimeOf, wallTimeOf } from "../i18n/wall-time.js";
import { settingsOf } from "../practice/settings.js";
import { clientZone } from "../practice/zones.js";
import { seriesHorizonDays } from "./plan.js";

const lookBackDays = 30;
/** A recurring event with no end is read at most this far (a weekly session for 190 years). */
const maxOccurrences = 10_000;

export class CalendarFileError extends Error {}

export interface ImportReport {
  /** Events in the file (a recurring event counts once). */
  events: number;
  /** Events whose title names no client of the practice: nothing of them is kept. */
  unmatched: number;
  /** Events whose title names more than one client: left out, since it cannot be told whose they are. */
  ambiguous: number;
  added: number;
  moved: number;
  cancelled: number;
  unchanged: number;
}

interface Occurrence {
  recurrenceId: string;
  start: Date;
  minutes: number;
  cancelled: boolean;
}

/** The hash a calendar event's UID is stored as. */
export function calendarUidHash(uid: string): string {
  return createHash("sha256").update(uid).digest("hex").slice(0, 32);
}

/** Whether `title` names `alias` as a word of its own ("Oak-7 session", not "Oak-70"). */
function names(title: string, alias: string): boolean {
  const escaped = alias.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}($|[^\\p{L}\\p{N}])`, "iu").test(title);
}

/**
 * The zone a component's time property is in, as written: its TZID, "UTC" for a time ending in Z, or
 * undefined for a floating time (no zone: read in the client's).
 */
function zoneNameOf(component: IcalComponent, property: "dtstart" | "recurrence-id"): string | undefined {
  const prop = component.getFirstProperty(property);
  const tzid = prop?.getParameter("tzid");
  if (typeof tzid === "string" && tzid !== "") return tzid;
  return String(prop?.getFirstValue() ?? "").endsWith("Z") ? "UTC" : undefined;
}

/**
 * An iCalendar time as an instant. A zone with an IANA name is converted by our DST policy (the one
 * schedules use); a zone by another name (Outlook's "W. Europe Standard Time") by its VTIMEZONE in the
 * file; a floating time, or a zone the file does not define, in the client's zone.
 */
function instantOfTime(time: IcalTime, zoneName: string | undefined, clientZone: string): Date {
  const wall = { year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute };
  if (zoneName === "UTC" || time.zone?.tzid === "UTC") {
    return new Date(Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute));
  }
  if (zoneName && isValidZone(zoneName)) return instantOf(wall, zoneName);
  if (zoneName && ICAL.TimezoneService.has(zoneName)) return time.toJSDate();
  return instantOf(wall, clientZone);
}

/** A session's length from its times (the same zone at both ends), or the practice's default. */
function minutesBetween(start: IcalTime, end: IcalTime | undefined, defaultMinutes: number): number {
  if (!end) return defaultMinutes;
  const minutes = Math.round(end.subtractDate(start).toSeconds() / 60);
  return minutes >= 10 && minutes <= 8 * 60 ? minutes : defaultMinutes;
}

function isCancelled(component: IcalComponent): boolean {
  return String(component.getFirstPropertyValue("status") ?? "").toUpperCase() === "CANCELLED";
}

/** The event's occurrences inside [from, to), with the exceptions related to it applied. */
function occurrencesOf(event: IcalEvent, from: Date, to: Date, zone: string, defaultMinutes: number): Occurrence[] {
  const startZone = zoneNameOf(event.component, "dtstart");
  if (!event.isRecurring()) {
    if (event.startDate.isDate) return [];
    const start = instantOfTime(event.startDate, startZone, zone);
    if (start < from || start >= to) return [];
    const minutes = minutesBetween(event.startDate, event.endDate, defaultMinutes);
    return [{ recurrenceId: "", start, minutes, cancelled: isCancelled(event.component) }];
  }
  const found: Occurrence[] = [];
  const iterator = event.iterator();
  for (let count = 0, next = iterator.next(); next && count < maxOccurrences; next = iterator.next(), count++) {
    const details = event.getOccurrenceDetails(next);
    if (details.startDate.isDate) continue;
    // A moved occurrence (an exception) carries its own zone; the others are in the master's.
    const own = details.item.component === event.component ? startZone : zoneNameOf(details.item.component, "dtstart");
    const start = instantOfTime(details.startDate, own, zone);
    const original = instantOfTime(details.recurrenceId, startZone, zone);
    if (original >= to && start >= to) break;
    if (start < from || start >= to) continue;
    found.push({
      recurrenceId: details.recurrenceId.toString(),
      start,
      minutes: minutesBetween(details.startDate, details.endDate, defaultMinutes),
      cancelled: isCancelled(details.item.component) || isCancelled(event.component),
    });
  }
  return found;
}

/** Reads the calendar file's text into one practice's sessions; nothing is changed if the file is bad. */
export function importCalendar(
  db: Db,
  text: string,
  options: { practiceId: number; therapistId?: number; actor: Actor; now: Date },
): ImportReport {
  let root: IcalComponent;
  try {
    root = new ICAL.Component(ICAL.parse(text));
  } catch (error) {
    throw new CalendarFileError(`not an iCalendar file: ${(error as Error).message}`);
  }
  if (root.name !== "vcalendar") throw new CalendarFileError("not an iCalendar file: no VCALENDAR");
  for (const zone of root.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(zone);

  // Masters and their exceptions (the same UID with a RECURRENCE-ID), by UID.
  const byUid = new Map<string, { master?: IcalComponent; exceptions: IcalComponent[] }>();
  for (const component of root.getAllSubcomponents("vevent")) {
    const uid = String(component.getFirstPropertyValue("uid") ?? "");
    if (uid === "") continue;
    const entry = byUid.get(uid) ?? { exceptions: [] };
    if (component.hasProperty("recurrence-id")) entry.exceptions.push(component);
    else entry.master = component;
    byUid.set(uid, entry);
  }

  const { practiceId, therapistId, actor, now } = options;
  const from = new Date(now.getTime() - lookBackDays * 86_400_000);
  const to = new Date(now.getTime() + seriesHorizonDays * 86_400_000);
  return db.transaction((tx) => {
    const practice = getPractice(tx, practiceId);
    if (!practice) throw new CalendarFileError(`there is no practice ${practiceId}`);
    const defaultMinutes = settingsOf(practice).sessionMinutes;
    const candidates = listClients(tx, { practiceId, ...(therapistId === undefined ? {} : { therapistId }) }).filter(
      (c) => c.status !== "stopped",
    );
    const report: ImportReport = {
      events: 0,
      unmatched: 0,
      ambiguous: 0,
      added: 0,
      moved: 0,
      cancelled: 0,
      unchanged: 0,
    };
    for (const [uid, { master, exceptions }] of byUid) {
      report.events++;
      // An exception without its master (a calendar exported partly) still stands for one occurrence.
      const main = master ?? exceptions[0];
      if (!main) continue;
      const title = String(main.getFirstPropertyValue("summary") ?? "");
      const matched = candidates.filter((c) => names(title, c.alias));
      if (matched.length === 0) {
        report.unmatched++;
        continue;
      }
      if (matched.length > 1) {
        report.ambiguous++;
        continue;
      }
      const client = matched[0] as ClientRow;
      const zone = clientZone(tx, client);
      const event = new ICAL.Event(main, { exceptions: master ? exceptions : [] });
      const occurrences = occurrencesOf(event, from, to, zone, defaultMinutes);
      applyOccurrences(tx, client, zone, calendarUidHash(uid), occurrences, { from, to, now, report });
    }
    // Events of this calendar's scope that are gone from the file were deleted there.
    const inFile = new Set([...byUid.keys()].map(calendarUidHash));
    for (const session of plannedCalendarSessions(
      tx,
      candidates.map((c) => c.id),
      from,
      to,
    )) {
      if (inFile.has(session.calendarUid ?? "")) continue;
      updateSession(tx, session.id, { status: "cancelled" }, now);
      report.cancelled++;
    }
    audit(
      tx,
      {
        actor,
        action: "sessions.imported",
        subject: `practice:${practiceId}`,
        detail: { added: report.added, moved: report.moved, cancelled: report.cancelled, unmatched: report.unmatched },
      },
      now,
    );
    return report;
  });
}

function applyOccurrences(
  db: DbOrTx,
  client: ClientRow,
  zone: string,
  uidHash: string,
  occurrences: readonly Occurrence[],
  context: { from: Date; to: Date; now: Date; report: ImportReport },
): void {
  const { from, to, now, report } = context;
  const seen = new Set<string>();
  for (const occurrence of occurrences) {
    seen.add(occurrence.recurrenceId);
    const wall = wallTimeOf(occurrence.start, zone);
    const local = { localDate: localDateOf(wall), localTime: localTimeOf(wall), timezone: zone };
    const existing = sessionByCalendarEvent(db, uidHash, occurrence.recurrenceId);
    if (!existing) {
      if (occurrence.cancelled) continue;
      insertSession(
        db,
        {
          clientId: client.id,
          startsAt: occurrence.start,
          durationMinutes: occurrence.minutes,
          ...local,
          source: "calendar",
          calendarUid: uidHash,
          calendarRecurrenceId: occurrence.recurrenceId,
        },
        now,
      );
      report.added++;
      continue;
    }
    report[reconcile(db, existing, client, occurrence, local, now)]++;
  }
  // Occurrences the calendar no longer has (deleted, or excluded by an EXDATE) are cancelled.
  for (const session of sessionsOfCalendarEvents(db, [uidHash])) {
    if (seen.has(session.calendarRecurrenceId ?? "")) continue;
    if (session.status !== "planned" || session.startsAt < from || session.startsAt >= to) continue;
    updateSession(db, session.id, { status: "cancelled" }, now);
    report.cancelled++;
  }
}

/** Brings one stored occurrence in line with the calendar; says which count it adds to. */
function reconcile(
  db: DbOrTx,
  existing: SessionRow,
  client: ClientRow,
  occurrence: Occurrence,
  local: { localDate: string; localTime: string; timezone: string },
  now: Date,
): "moved" | "cancelled" | "unchanged" {
  if (occurrence.cancelled) {
    if (existing.status !== "planned") return "unchanged";
    updateSession(db, existing.id, { status: "cancelled" }, now);
    return "cancelled";
  }
  const same =
    existing.clientId === client.id &&
    existing.startsAt.getTime() === occurrence.start.getTime() &&
    existing.durationMinutes === occurrence.minutes &&
    existing.status !== "cancelled";
  if (same) return "unchanged";
  // A session already held or missed stays what it was; only one still ahead moves.
  if (existing.status === "held" || existing.status === "no_show") return "unchanged";
  updateSession(
    db,
    existing.id,
    {
      clientId: client.id,
      startsAt: occurrence.start,
      durationMinutes: occurrence.minutes,
      ...local,
      status: "planned",
    },
    now,
  );
  return "moved";
}

/** The report as one line for the administrator. */
export function describeImport(report: ImportReport): string {
  const events = (n: number) => `${n} ${n === 1 ? "event" : "events"}`;
  const sessions = (n: number) => `${n} ${n === 1 ? "session" : "sessions"}`;
  const parts = [
    `${events(report.events)} read: ${sessions(report.added)} added, ${report.moved} moved, ${report.cancelled} cancelled, ${report.unchanged} unchanged`,
    `${events(report.unmatched)} named no client and ${report.unmatched === 1 ? "was" : "were"} not kept`,
  ];
  if (report.ambiguous > 0) {
    parts.push(
      `${events(report.ambiguous)} named more than one client and ${report.ambiguous === 1 ? "was" : "were"} left out`,
    );
  }
  return parts.join("; ");
}
