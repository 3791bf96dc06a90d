/**
 * A PostgreSQL database as one side of a copy, on one pooled connection: the source in a READ ONLY,
 * REPEATABLE READ transaction (one snapshot for every table), the target in the one write transaction.
 */
import { asc, count, getTableColumns, type SQL, sql } from "drizzle-orm";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import type pg from "pg";
import type { PostgresHandle } from "../postgres/connection.js";
import * as schema from "../postgres/schema.js";
import { describePgTable, pgTablesOf } from "../table-shape.js";
import { type CopyEndpoint, columnNaming, primaryKeyColumns, type Row, schemaTables } from "./endpoint.js";

const { byName: tables, entry } = schemaTables(pgTablesOf(schema), describePgTable, "PostgreSQL");

class PostgresEndpoint implements CopyEndpoint {
  readonly tables = tables;
  private readonly db: NodePgDatabase<typeof schema>;

  constructor(
    readonly label: string,
    private readonly handle: PostgresHandle,
    private readonly client: pg.PoolClient,
    private readonly role: "source" | "target",
  ) {
    this.db = drizzle(client, { schema });
  }

  async begin(): Promise<void> {
    await this.client.query(this.role === "source" ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN");
  }

  async count(name: string): Promise<number> {
    const { table } = entry(name);
    const [result] = await this.db.select({ n: count() }).from(table);
    return Number(result?.n ?? 0);
  }

  async read(name: string, offset: number, limit: number): Promise<Row[]> {
    const { table, shape } = entry(name);
    // Text keys in byte order ("C"), as SQLite compares them, so both sides list rows alike.
    const order: SQL[] = primaryKeyColumns(table, shape).map((column) =>
      column.getSQLType() === "text" ? sql`${column} collate "C"` : asc(column),
    );
    const rows = await this.db
      .select()
      .from(table)
      .orderBy(...order)
      .limit(limit)
      .offset(offset);
    const naming = columnNaming(table);
    return rows.map((row) => naming.toNamed(row));
  }

  async insert(name: string, rows: readonly Row[]): Promise<void> {
    if (rows.length === 0) return;
    const { table } = entry(name);
    const naming = columnNaming(table);
    await this.db.insert(table).values(rows.map((row) => naming.toKeyed(row)));
  }

  /** Identity columns were given their ids explicitly: their sequences must start past the largest. */
  async afterInserts(): Promise<void> {
    for (const { table, shape } of tables.values()) {
      for (const column of Object.values(getTableColumns(table))) {
        if (column.generatedIdentity === undefined) continue;
        await this.db.execute(sql`
          SELECT setval(
            pg_get_serial_sequence(${`"${shape.name}"`}, ${column.name}),
            COALESCE((SELECT max(${column}) FROM ${table}), 0) + 1,
            false
          )`);
      }
    }
  }

  async commit(): Promise<void> {
    await this.client.query("COMMIT");
  }

  async rollback(): Promise<void> {
    await this.client.query("ROLLBACK");
  }

  async close(): Promise<void> {
    this.client.release();
    await this.handle.close();
  }
}

export async function postgresEndpoint(
  label: string,
  handle: PostgresHandle,
  role: "source" | "target",
): Promise<CopyEndpoint> {
  const client = await handle.pool.connect();
  return new PostgresEndpoint(label, handle, client, role);
}
