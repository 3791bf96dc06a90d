/**
 * A real PostgreSQL server for the tests that need one, named by INTERLUDE_TEST_DATABASE_URL
 * (scripts/postgres-scratch.sh starts a throwaway one and prints its URL). Without it those tests skip
 * and say why in their name; CI sets INTERLUDE_REQUIRE_POSTGRES=1 so that a missing server fails them
 * instead (the same gate as the browser and the Chinese font).
 *
 * Test files run in parallel, so each gets a database of its own, created fresh and dropped after.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe } from "vitest";

export const postgresUrl = process.env.INTERLUDE_TEST_DATABASE_URL || undefined;
const postgresRequired = process.env.INTERLUDE_REQUIRE_POSTGRES === "1";

export const skipWithoutPostgres = postgresUrl === undefined && !postgresRequired;
export const postgresSkipReason = skipWithoutPostgres
  ? "(skipped: no PostgreSQL; set INTERLUDE_TEST_DATABASE_URL, or INTERLUDE_REQUIRE_POSTGRES=1 to fail instead)"
  : "";

/** `describe`, or `describe.skip` with the reason appended to the name when there is no server. */
export function describePostgres(name: string, body: () => void): void {
  const named = postgresSkipReason ? `${name} ${postgresSkipReason}` : name;
  describe.skipIf(skipWithoutPostgres)(named, body);
}

function serverUrl(): string {
  if (!postgresUrl) {
    throw new Error(
      "no PostgreSQL for the tests: run scripts/postgres-scratch.sh start and export INTERLUDE_TEST_DATABASE_URL",
    );
  }
  return postgresUrl;
}

/** The server's URL with another database name in place of its own. */
export function urlForDatabase(name: string): string {
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

export interface ScratchDatabase {
  name: string;
  url: string;
  /** Drops the database, ending any session still connected to it. */
  drop(): Promise<void>;
}

async function onServer<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface FreshDatabaseOptions {
  /**
   * Sort text by a language's rules (an ICU locale such as "en") rather than the test server's byte
   * order: what a production server usually does, and what makes a byte-order assumption show.
   */
  icuLocale?: "en";
}

/** A new, empty database on the test server: no tables, nothing shared with any other test. */
export async function freshPostgresDatabase(options: FreshDatabaseOptions = {}): Promise<ScratchDatabase> {
  const name = `interlude_t_${randomBytes(6).toString("hex")}`;
  const locale = options.icuLocale
    ? ` TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE '${options.icuLocale}' LOCALE 'C'`
    : "";
  await onServer((client) => client.query(`CREATE DATABASE ${name}${locale}`));
  return {
    name,
    url: urlForDatabase(name),
    drop: () =>
      onServer((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
