/**
 * The one place a PostgreSQL connection is opened: a node-postgres pool, the drizzle wrapper, and the
 * PostgreSQL migrations (drizzle/postgres), applied at open as SQLite's are.
 */
import { join } from "node:path";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { type Logger, silentLogger } from "../../logger.js";
import { projectRoot } from "../../project-root.js";
import * as schema from "./schema.js";
import { redactDatabaseUrl, redactUrlsIn } from "./url.js";

export type PgDb = NodePgDatabase<typeof schema>;

export interface PostgresHandle {
  db: PgDb;
  pool: pg.Pool;
  close(): Promise<void>;
}

export const postgresMigrationsFolder = join(projectRoot, "drizzle", "postgres");

/** Opening failed: the message names the database without its password and says why. */
export class PostgresOpenError extends Error {
  override name = "PostgresOpenError";
}

export interface OpenPostgresOptions {
  logger?: Logger;
  /** Default true; false opens without touching the schema (to look at a database before changing it). */
  migrate?: boolean;
}

/** Applies the PostgreSQL migrations not yet applied (drizzle runs them in one transaction). */
export async function migratePostgres(db: PgDb): Promise<void> {
  await migrate(db, { migrationsFolder: postgresMigrationsFolder });
}

export async function openPostgres(url: string, options: OpenPostgresOptions = {}): Promise<PostgresHandle> {
  const logger = options.logger ?? silentLogger;
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // An idle client that loses its server emits `error` on the pool; unheard, that would end the
  // process. It is logged by kind only: a message could quote the connection's parameters.
  pool.on("error", (error: Error & { code?: string }) => {
    logger.warn({ kind: error.name, code: error.code }, "postgres: an idle connection failed");
  });
  const db = drizzle(pool, { schema });
  try {
    if (options.migrate ?? true) await migratePostgres(db);
    else await pool.query("SELECT 1");
  } catch (error) {
    await pool.end().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new PostgresOpenError(`postgres: cannot open ${redactDatabaseUrl(url)}: ${redactUrlsIn(reason, url)}`);
  }
  return { db, pool, close: () => pool.end() };
}
