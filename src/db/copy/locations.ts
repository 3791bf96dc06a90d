/**
 * Where a copy reads and writes: a SQLite file or a PostgreSQL URL, each checked before anything is
 * written. The source must exist, be at this Interlude's schema version and have no risk spool
 * waiting; the target must be empty (no rows in any table) and have no spool beside it.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import Database from "better-sqlite3";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { migrationsFolder } from "../connection.js";
import { sideFilesOf, spoolFileBeside } from "../database-files.js";
import {
  migratePostgres,
  openPostgres,
  type PostgresHandle,
  PostgresOpenError,
  postgresMigrationsFolder,
} from "../postgres/connection.js";
import { isPostgresUrl, redactDatabaseUrl } from "../postgres/url.js";
import type { CopyEndpoint } from "./endpoint.js";
import { CopyRefusedError } from "./errors.js";
import { postgresEndpoint } from "./postgres-endpoint.js";
import { openSqliteSource, openSqliteTarget } from "./sqlite-endpoint.js";

export type Location = { kind: "sqlite"; path: string } | { kind: "postgres"; url: string };

export function parseLocation(value: string, option: string): Location {
  const trimmed = value.trim();
  if (trimmed === "") throw new CopyRefusedError(`${option}: must name a SQLite file or a postgres:// URL`);
  if (isPostgresUrl(trimmed)) {
    if (!URL.canParse(trimmed)) throw new CopyRefusedError(`${option}: not a valid URL: ${redactDatabaseUrl(trimmed)}`);
    return { kind: "postgres", url: trimmed };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    throw new CopyRefusedError(`${option}: only postgres:// (or postgresql://) URLs and SQLite files are supported`);
  }
  if (trimmed === ":memory:") throw new CopyRefusedError(`${option}: an in-memory database cannot be copied`);
  return { kind: "sqlite", path: resolve(trimmed) };
}

export function describeLocation(location: Location): string {
  return location.kind === "sqlite" ? location.path : redactDatabaseUrl(location.url);
}

export function sameLocation(a: Location, b: Location): boolean {
  if (a.kind === "sqlite" && b.kind === "sqlite") return a.path === b.path;
  if (a.kind === "postgres" && b.kind === "postgres") {
    const [x, y] = [new URL(a.url), new URL(b.url)];
    return x.host === y.host && x.pathname === y.pathname;
  }
  return false;
}

/** Lines in the risk spool beside a SQLite file: each is a disclosure (or its reply) not yet replayed. */
export function pendingSpoolLines(path: string): number {
  const spool = spoolFileBeside(path);
  if (!existsSync(spool)) return 0;
  return readFileSync(spool, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "").length;
}

function refuseSpool(path: string, side: "source" | "target"): void {
  const lines = pendingSpoolLines(path);
  if (lines === 0) return;
  throw new CopyRefusedError(
    side === "source"
      ? `${path}: its risk spool (${spoolFileBeside(path)}) holds ${lines} line(s) of disclosures not yet in the database. ` +
          "Start Interlude on this database (its safety tick replays the spool into alerts within a minute), " +
          "wait until the spool is empty, then copy again. Nothing was copied."
      : `${path}: a risk spool lies beside the target (${spoolFileBeside(path)}); it belongs to another database. Nothing was copied.`,
  );
}

const expectedMigrations = {
  sqlite: () => readMigrationFiles({ migrationsFolder }).length,
  postgres: () => readMigrationFiles({ migrationsFolder: postgresMigrationsFolder }).length,
};

function refuseOtherVersion(label: string, applied: number, expected: number): void {
  if (applied === expected) return;
  throw new CopyRefusedError(
    applied < expected
      ? `${label}: its schema is older than this Interlude's (${applied} of ${expected} migrations); open it with this version once (any CLI command migrates it), then copy`
      : `${label}: its schema is newer than this Interlude's (${applied} migrations, this version knows ${expected}); copy with the newer version`,
  );
}

function sqliteTablesWithRows(sqlite: Database.Database): string[] {
  const names = sqlite
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != '__drizzle_migrations' ORDER BY name",
    )
    .pluck()
    .all() as string[];
  return names.filter(
    (name) =>
      sqlite
        .prepare(`SELECT EXISTS (SELECT 1 FROM "${name.replaceAll('"', '""')}")`)
        .pluck()
        .get() === 1,
  );
}

async function postgresTablesWithRows(handle: PostgresHandle): Promise<string[]> {
  const found = await handle.pool.query<{ tablename: string }>(
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
  );
  const withRows: string[] = [];
  for (const { tablename } of found.rows) {
    const result = await handle.pool.query(`SELECT 1 FROM "${tablename.replaceAll('"', '""')}" LIMIT 1`);
    if ((result.rowCount ?? 0) > 0) withRows.push(tablename);
  }
  return withRows;
}

function refuseRows(label: string, tables: string[]): void {
  if (tables.length === 0) return;
  throw new CopyRefusedError(
    `${label}: the target is not empty (rows in ${tables.join(", ")}); copy only into an empty database. Nothing was copied.`,
  );
}

async function connect(url: string): Promise<PostgresHandle> {
  try {
    return await openPostgres(url, { migrate: false });
  } catch (error) {
    if (error instanceof PostgresOpenError) throw new CopyRefusedError(error.message);
    throw error;
  }
}

async function appliedPostgresMigrations(handle: PostgresHandle): Promise<number> {
  const exists = await handle.pool.query("SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS present");
  if (!exists.rows[0]?.present) return 0;
  const applied = await handle.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations");
  return applied.rows[0]?.n ?? 0;
}

export async function openSource(location: Location): Promise<CopyEndpoint> {
  const label = describeLocation(location);
  if (location.kind === "sqlite") {
    if (!existsSync(location.path)) throw new CopyRefusedError(`--from: no database at ${location.path}`);
    refuseSpool(location.path, "source");
    let source: CopyEndpoint;
    let applied: number;
    try {
      const sqlite = new Database(location.path, { readonly: true, fileMustExist: true });
      try {
        const present = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE name = '__drizzle_migrations'").get();
        applied = present ? (sqlite.prepare("SELECT count(*) FROM __drizzle_migrations").pluck().get() as number) : 0;
      } finally {
        sqlite.close();
      }
      source = openSqliteSource(location.path);
    } catch (error) {
      throw new CopyRefusedError(`--from: ${label} cannot be read as a SQLite database (${(error as Error).message})`);
    }
    try {
      refuseOtherVersion(label, applied, expectedMigrations.sqlite());
    } catch (error) {
      await source.close();
      throw error;
    }
    return source;
  }
  const handle = await connect(location.url);
  try {
    refuseOtherVersion(label, await appliedPostgresMigrations(handle), expectedMigrations.postgres());
    return await postgresEndpoint(label, handle, "source");
  } catch (error) {
    await handle.close();
    throw error;
  }
}

export interface OpenedTarget {
  endpoint: CopyEndpoint;
  /** Undoes what opening created where there was nothing: the SQLite file made for the copy. */
  discard(): void;
}

export async function openTarget(location: Location): Promise<OpenedTarget> {
  const label = describeLocation(location);
  if (location.kind === "sqlite") {
    const existed = existsSync(location.path);
    if (existed) {
      let withRows: string[];
      try {
        const sqlite = new Database(location.path, { readonly: true, fileMustExist: true });
        try {
          withRows = sqliteTablesWithRows(sqlite);
        } finally {
          sqlite.close();
        }
      } catch (error) {
        throw new CopyRefusedError(`--to: ${label} cannot be read as a SQLite database (${(error as Error).message})`);
      }
      refuseRows(label, withRows);
    }
    refuseSpool(location.path, "target");
    const endpoint = openSqliteTarget(location.path);
    const files = [location.path, ...sideFilesOf(location.path)];
    const discard = () => {
      if (existed) return;
      for (const file of files) rmSync(file, { force: true });
    };
    return { endpoint, discard };
  }
  const handle = await connect(location.url);
  try {
    refuseRows(label, await postgresTablesWithRows(handle));
    await migratePostgres(handle.db);
    return { endpoint: await postgresEndpoint(label, handle, "target"), discard: () => undefined };
  } catch (error) {
    await handle.close();
    throw error;
  }
}
