/**
 * better-sqlite3 is synchronous: while a statement waits for another process's write lock (the busy
 * timeout), the whole event loop waits with it, and a crisis reply handed to the network just before
 * does not leave the machine until the wait ends. Work on the crisis path therefore waits only briefly
 * for the lock and falls back (sends from memory, records later) instead of waiting the full timeout.
 */
import type Database from "better-sqlite3";
import type { DbOrTx } from "../db/connection.js";

/** How long the crisis path waits for another writer before falling back. */
export const crisisBusyTimeoutMs = 250;

/** Runs `run` with the connection's busy timeout set to `ms`, restoring the usual one afterwards. */
export function withBusyTimeout<T>(db: DbOrTx, ms: number, run: () => T): T {
  const client = (db as { $client?: Database.Database }).$client;
  if (!client || typeof client.pragma !== "function") return run();
  const usual = client.pragma("busy_timeout", { simple: true }) as number;
  if (usual <= ms) return run();
  client.pragma(`busy_timeout = ${ms}`);
  try {
    return run();
  } finally {
    client.pragma(`busy_timeout = ${usual}`);
  }
}
