/**
 * What every table file shares. Timestamps are UTC epoch milliseconds.
 */
import { integer } from "drizzle-orm/sqlite-core";

export const createdAt = () => integer("created_at", { mode: "timestamp_ms" }).notNull();
