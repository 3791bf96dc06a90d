/**
 * The sessions' part of the minute tick: weekly appointments are kept expanded some weeks ahead, and
 * planned sessions that have ended are taken as held (a therapist who was not there marks a no-show).
 * Both are idempotent, so a double tick or a restart changes nothing twice.
 */
import { DateTime } from "luxon";
import type { Db } from "../db/connection.js";
import { getClient } from "../db/repos/people.js";
import { markEndedSessionsHeld, seriesToExpand, updateSeries } from "../db/repos/sessions.js";
import { clientZone } from "../practice/zones.js";
import { expandSeries, seriesHorizonDays } from "./plan.js";

export interface SessionsTickReport {
  /** Sessions created by expanding weekly appointments. */
  expanded: number;
  /** Planned sessions that ended and are now held. */
  held: number;
}

export function sessionsTick(db: Db, now: Date): SessionsTickReport {
  return db.transaction((tx) => {
    // A day short of the horizon in UTC: a series expanded in any zone today is not picked up again.
    const due = DateTime.fromJSDate(now, { zone: "UTC" })
      .plus({ days: seriesHorizonDays - 1 })
      .toISODate() as string;
    let expanded = 0;
    for (const series of seriesToExpand(tx, due)) {
      const client = getClient(tx, series.clientId);
      // A client who ended check-ins has no appointments to keep ahead; the series stops for good.
      if (!client || client.status === "stopped") {
        updateSeries(tx, series.id, { active: false }, now);
        continue;
      }
      expanded += expandSeries(tx, series, clientZone(tx, client), now);
    }
    const held = markEndedSessionsHeld(tx, now).length;
    return { expanded, held };
  });
}
