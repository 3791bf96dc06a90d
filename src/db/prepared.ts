/**
 * Prepared-statement cache for queries on hot paths (the tick creates a check-in in about a dozen
 * statements; building and preparing each one every time cost more than running it).
 *
 * A drizzle prepared query is bound to the SQLite connection, not to the transaction object it was
 * built through, so one cached query serves the root handle and every transaction on the same
 * connection. The cache is keyed by that connection and dies with it.
 */
import type { DbOrTx } from "./connection.js";

const caches = new WeakMap<object, Map<string, unknown>>();

/** drizzle keeps the better-sqlite3 connection on the (internal) session of every handle and transaction. */
function connectionOf(db: DbOrTx): object {
  return (db as unknown as { session: { client: object } }).session.client;
}

/** The query `build` returns, built and prepared once per connection under `key`. */
export function prepared<T>(db: DbOrTx, key: string, build: (db: DbOrTx) => T): T {
  const connection = connectionOf(db);
  let cache = caches.get(connection);
  if (!cache) {
    cache = new Map();
    caches.set(connection, cache);
  }
  let query = cache.get(key) as T | undefined;
  if (query === undefined) {
    query = build(db);
    cache.set(key, query);
  }
  return query;
}

/**
 * A plain better-sqlite3 statement returning rows as arrays, prepared once per connection. For the
 * few reads that return hundreds of thousands of rows (the weekly summary), where drizzle's per-row
 * mapping costs more than SQLite's own work; callers map the columns by hand.
 */
export function rawRows(db: DbOrTx, key: string, sqlText: string): { all(...params: unknown[]): unknown[][] } {
  const connection = connectionOf(db) as {
    prepare(sql: string): { raw(on: boolean): { all(...p: unknown[]): unknown[][] } };
  };
  return prepared(db, `raw:${key}`, () => connection.prepare(sqlText).raw(true));
}
