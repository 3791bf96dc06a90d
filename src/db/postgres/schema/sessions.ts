/**
 * PostgreSQL twin of src/db/schema/sessions.ts: the same tables, columns, keys and indexes (held together by
 * tests/db/schema-equivalence.test.ts). What each column means is documented there, once.
 */
import { boolean, index, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { sessionSources, sessionStatuses } from "../../schema/sessions.js";
import { createdAt, timestampMs } from "./common.js";
import { clients } from "./people.js";

export const sessionSeries = pgTable(
  "session_series",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    clientId: integer("client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "cascade" }),
    weekday: integer("weekday").notNull(),
    localTime: text("local_time").notNull(),
    durationMinutes: integer("duration_minutes").notNull(),
    startsOn: text("starts_on").notNull(),
    expandedUntil: text("expanded_until"),
    source: text("source", { enum: sessionSources }).notNull(),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: timestampMs("updated_at").notNull(),
  },
  (t) => [index("session_series_client").on(t.clientId)],
);

export const sessions = pgTable(
  "sessions",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    clientId: integer("client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "cascade" }),
    seriesId: integer("series_id").references(() => sessionSeries.id, { onDelete: "set null" }),
    startsAt: timestampMs("starts_at").notNull(),
    durationMinutes: integer("duration_minutes").notNull(),
    localDate: text("local_date").notNull(),
    localTime: text("local_time").notNull(),
    timezone: text("timezone").notNull(),
    status: text("status", { enum: sessionStatuses }).notNull().default("planned"),
    source: text("source", { enum: sessionSources }).notNull(),
    calendarUid: text("calendar_uid"),
    calendarRecurrenceId: text("calendar_recurrence_id"),
    createdAt: createdAt(),
    updatedAt: timestampMs("updated_at").notNull(),
  },
  (t) => [
    index("sessions_client_start").on(t.clientId, t.startsAt),
    index("sessions_status_start").on(t.status, t.startsAt),
    uniqueIndex("sessions_series_day").on(t.seriesId, t.localDate),
    uniqueIndex("sessions_calendar_event").on(t.calendarUid, t.calendarRecurrenceId),
  ],
);
