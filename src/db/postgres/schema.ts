/**
 * The PostgreSQL data model: the same tables as src/db/schema.ts, one file per area under schema/,
 * written with drizzle's pg-core (drizzle has no schema shared between dialects). drizzle-kit generates
 * drizzle/postgres/ from it (drizzle.postgres.config.ts); tests/db/schema-equivalence.test.ts fails
 * when the two describe different tables, columns, keys or indexes.
 */
export * from "./schema/checkins.js";
export * from "./schema/inbox.js";
export * from "./schema/messaging.js";
export * from "./schema/people.js";
export * from "./schema/ratings.js";
export * from "./schema/records.js";
export * from "./schema/safety.js";
export * from "./schema/sessions.js";
export * from "./schema/topics.js";
export * from "./schema/web.js";
