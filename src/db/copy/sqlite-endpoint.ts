/**
 * A SQLite database as one side of a copy: the source opened read-only (a snapshot held by one read
 * transaction, so a running Interlude can go on writing), the target through the one connection
 * (pragmas, file modes, migrations) inside an IMMEDIATE transaction.
 */
import Database from "better-sqlite3";
import { asc, count, type SQL } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { type DatabaseHandle, type Db, openDatabase } from "../connection.js";
import * as schema from "../schema.js";
import { describeSqliteTable, sqliteTablesOf } from "../table-shape.js";
import { type CopyEndpoint, columnNaming, primaryKeyColumns, type Row, schemaTables } from "./endpoint.js";

const { byName: tables, entry } = schemaTables(sqliteTablesOf(schema), describeSqliteTable, "SQLite");

class SqliteEndpoint implements CopyEndpoint {
  readonly tables = tables;

  constructor(
    readonly label: string,
    private readonly sqlite: Database.Database,
    private readonly db: Db,
    private readonly role: "source" | "target",
  ) {}

  async begin(): Promise<void> {
    this.sqlite.exec(this.role === "target" ? "BEGIN IMMEDIATE" : "BEGIN");
    // A deferred transaction takes its snapshot at the first read: take it now, for every table at once.
    if (this.role === "source") this.sqlite.prepare("SELECT count(*) FROM sqlite_master").get();
  }

  async count(name: string): Promise<number> {
    const { table } = entry(name);
    const [result] = this.db.select({ n: count() }).from(table).all();
    return result?.n ?? 0;
  }

  async read(name: string, offset: number, limit: number): Promise<Row[]> {
    const { table, shape } = entry(name);
    // SQLite compares text byte by byte (BINARY), the order the PostgreSQL side asks for with "C".
    const order: SQL[] = primaryKeyColumns(table, shape).map((column) => asc(column));
    const rows = this.db
      .select()
      .from(table)
      .orderBy(...order)
      .limit(limit)
      .offset(offset)
      .all();
    const naming = columnNaming(table);
    return rows.map((row) => naming.toNamed(row));
  }

  async insert(name: string, rows: readonly Row[]): Promise<void> {
    if (rows.length === 0) return;
    const { table } = entry(name);
    const naming = columnNaming(table);
    this.db
      .insert(table)
      .values(rows.map((row) => naming.toKeyed(row)))
      .run();
  }

  // AUTOINCREMENT tables: SQLite moves sqlite_sequence past every id inserted explicitly.
  async afterInserts(): Promise<void> {}

  async commit(): Promise<void> {
    this.sqlite.exec("COMMIT");
  }

  async rollback(): Promise<void> {
    if (this.sqlite.inTransaction) this.sqlite.exec("ROLLBACK");
  }

  async close(): Promise<void> {
    if (this.sqlite.open) this.sqlite.close();
  }
}

/** The source, read-only: nothing the copy does can change it. */
export function openSqliteSource(path: string): CopyEndpoint {
  const sqlite = new Database(path, { readonly: true, fileMustExist: true });
  return new SqliteEndpoint(path, sqlite, drizzle(sqlite, { schema }), "source");
}

/** The target, created if missing and migrated, as Interlude itself opens it. */
export function openSqliteTarget(path: string): CopyEndpoint {
  const handle: DatabaseHandle = openDatabase(path);
  return new SqliteEndpoint(path, handle.sqlite, handle.db, "target");
}
