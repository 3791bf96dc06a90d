/**
 * Every table's rows of a SQLite file exactly as stored (no drizzle mapping), in primary key order:
 * what "the copy is identical" is checked against.
 */
import Database from "better-sqlite3";
import * as schema from "../../src/db/schema.js";
import { describeSqliteTable, sqliteTablesOf } from "../../src/db/table-shape.js";

export const schemaTables = sqliteTablesOf(schema).map(describeSqliteTable);

export function storedRows(path: string): Map<string, unknown[]> {
  const sqlite = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return new Map(
      schemaTables.map((table) => {
        const order = table.primaryKey.map((column) => `"${column}"`).join(", ");
        return [table.name, sqlite.prepare(`SELECT * FROM "${table.name}" ORDER BY ${order}`).all()];
      }),
    );
  } finally {
    sqlite.close();
  }
}
