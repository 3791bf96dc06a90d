/**
 * The whole Interlude data model. drizzle-kit generates migrations from the tables exported here; they
 * live in one file per area under schema/ (people, check-ins, safety, messaging, records).
 *
 * Privacy rules encoded here: people are known by an `alias` only (never a real name), and platform
 * identities are opaque platform user ids. Timestamps are UTC epoch milliseconds.
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
