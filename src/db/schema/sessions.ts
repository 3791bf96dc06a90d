import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt } from "./common.js";
import { clients } from "./people.js";

/** planned: ahead; held: took place (a past session nobody marked is taken as held); or neither. */
export const sessionStatuses = ["planned", "held", "cancelled", "no_show"] as const;
export type SessionStatus = (typeof sessionStatuses)[number];

/** Who put a session in: the therapist in chat, an administrator at the CLI, or a calendar import. */
export const sessionSources = ["chat", "cli", "calendar"] as const;
export type SessionSource = (typeof sessionSources)[number];

/**
 * A recurring appointment ("every Thursday at 14:00"), expanded into planned sessions some weeks
 * ahead in the client's zone. The sessions it made keep their own status; stopping the series
 * cancels the planned ones still ahead.
 */
export const sessionSeries = sqliteTable(
  "session_series",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    clientId: integer("client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "cascade" }),
    /** ISO weekday: 1 Monday … 7 Sunday. */
    weekday: integer("weekday").notNull(),
    /** Local "HH:MM" in the client's zone. */
    localTime: text("local_time").notNull(),
    durationMinutes: integer("duration_minutes").notNull(),
    /** Local date of the first session. */
    startsOn: text("starts_on").notNull(),
    /** Local date up to which its sessions exist (the expansion's horizon so far). */
    expandedUntil: text("expanded_until"),
    source: text("source", { enum: sessionSources }).notNull(),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("session_series_client").on(t.clientId)],
);

/**
 * One session with a client. Only dates and times: a calendar's titles and notes hold real names, so
 * nothing of an imported event but its times and its ids is stored. An imported session is found
 * again by the event's UID and recurrence id (empty for an event that does not recur), so
 * re-importing the same calendar changes what changed and adds nothing twice.
 */
export const sessions = sqliteTable(
  "sessions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    clientId: integer("client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "cascade" }),
    seriesId: integer("series_id").references(() => sessionSeries.id, { onDelete: "set null" }),
    startsAt: integer("starts_at", { mode: "timestamp_ms" }).notNull(),
    durationMinutes: integer("duration_minutes").notNull(),
    /** The local date and time in `timezone` (the client's when it was planned), as people said it. */
    localDate: text("local_date").notNull(),
    localTime: text("local_time").notNull(),
    timezone: text("timezone").notNull(),
    status: text("status", { enum: sessionStatuses }).notNull().default("planned"),
    source: text("source", { enum: sessionSources }).notNull(),
    calendarUid: text("calendar_uid"),
    calendarRecurrenceId: text("calendar_recurrence_id"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("sessions_client_start").on(t.clientId, t.startsAt),
    index("sessions_status_start").on(t.status, t.startsAt),
    uniqueIndex("sessions_series_day").on(t.seriesId, t.localDate),
    uniqueIndex("sessions_calendar_event").on(t.calendarUid, t.calendarRecurrenceId),
  ],
);
