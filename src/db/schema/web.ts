import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt } from "./common.js";
import { therapists } from "./people.js";

/**
 * A single-use login link for the web view, sent to a clinician's linked chat. Only the SHA-256 of its
 * random token is kept, so the table (or a backup of it) cannot be used to log in. A link is spent by
 * setting `usedAt` in the same statement that checks it, so two opens of one link start one session.
 */
export const webLoginLinks = sqliteTable(
  "web_login_links",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tokenHash: text("token_hash").notNull().unique(),
    therapistId: integer("therapist_id")
      .notNull()
      .references(() => therapists.id, { onDelete: "cascade" }),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [index("web_login_links_therapist").on(t.therapistId)],
);

/**
 * A signed-in browser. The cookie holds a random session id; the row holds its SHA-256, the clinician
 * and the session's data (the CSRF secret). Kept in the database so a restart neither logs anyone out
 * nor keeps a revoked session alive; deleting the row is the revocation.
 */
export const webSessions = sqliteTable(
  "web_sessions",
  {
    idHash: text("id_hash").primaryKey(),
    /** Null until the login link is used: a visitor's session holds only its CSRF secret. */
    therapistId: integer("therapist_id").references(() => therapists.id, { onDelete: "cascade" }),
    /** The session's own data as JSON (the CSRF secret and the signed-in clinician). */
    data: text("data").notNull(),
    /** Idle timeout: every request moves it on; an expired row is refused and swept. */
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("web_sessions_therapist").on(t.therapistId), index("web_sessions_expires").on(t.expiresAt)],
);
