/**
 * What every PostgreSQL table file shares, and how SQLite's storage classes map onto PostgreSQL's
 * without changing a value: epoch milliseconds become `timestamptz(3)` (millisecond precision, so a
 * Date survives the round trip exactly, and the app still reads Date objects), and JSON kept as text
 * stays text, written and read as JSON exactly like SQLite's `text({ mode: "json" })`.
 */
import { customType, timestamp } from "drizzle-orm/pg-core";

export const timestampMs = (name: string) => timestamp(name, { withTimezone: true, mode: "date", precision: 3 });

export const createdAt = () => timestampMs("created_at").notNull();

/** SQLite's `text({ mode: "json" })` on PostgreSQL: stored as text, parsed and serialised the same way. */
export const jsonText = customType<{ data: unknown; driverData: string }>({
  dataType: () => "text",
  toDriver: (value) => JSON.stringify(value),
  fromDriver: (value) => JSON.parse(value) as unknown,
});
