/**
 * One side of a copy, whichever dialect: rows read and written by SQL column name (the two schemas'
 * property names could drift; their column names cannot, tests/db/schema-equivalence.test.ts holds
 * them), always in primary key order, inside one transaction held from `begin` to `commit`.
 */
import { getTableColumns, type Table } from "drizzle-orm";
import type { TableShape } from "../table-shape.js";

/** A row by SQL column name, with the values drizzle maps it to (Date, boolean, parsed JSON). */
export type Row = Record<string, unknown>;

export interface CopyEndpoint {
  /** How the database is named in messages: a path, or a URL without its password. */
  readonly label: string;
  /** Every table of this dialect's schema, by SQL name, with its shape. */
  readonly tables: ReadonlyMap<string, { table: Table; shape: TableShape }>;
  /** Source: a read-only snapshot. Target: the write transaction the whole copy happens in. */
  begin(): Promise<void>;
  count(table: string): Promise<number>;
  /** Rows in primary key order (text keys compared byte by byte, as SQLite does). */
  read(table: string, offset: number, limit: number): Promise<Row[]>;
  insert(table: string, rows: readonly Row[]): Promise<void>;
  /** After the last insert: what the dialect needs so new rows get ids past the copied ones. */
  afterInserts(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A dialect's tables by SQL name with their shapes, and a lookup that names the dialect when a table
 * is missing (the two endpoints' schemas are checked against each other before any row moves).
 */
export function schemaTables<T extends Table>(
  tables: readonly T[],
  describe: (table: T) => TableShape,
  dialect: string,
) {
  const byName = new Map(
    tables.map((table) => {
      const shape = describe(table);
      return [shape.name, { table, shape }] as const;
    }),
  );
  const entry = (name: string) => {
    const found = byName.get(name);
    if (!found) throw new Error(`no table ${name} in the ${dialect} schema`);
    return found;
  };
  return { byName, entry };
}

/** Maps between drizzle's property names for a table and its SQL column names. */
export function columnNaming(table: Table) {
  const columns = Object.entries(getTableColumns(table));
  const byName = new Map(columns.map(([key, column]) => [column.name, key]));
  return {
    toNamed(row: Record<string, unknown>): Row {
      return Object.fromEntries(columns.map(([key, column]) => [column.name, row[key]]));
    },
    toKeyed(row: Row): Record<string, unknown> {
      const keyed: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(row)) {
        const key = byName.get(name);
        if (key === undefined) throw new Error(`no column ${name} in this schema`);
        keyed[key] = value;
      }
      return keyed;
    },
  };
}

/** The table's columns that make up its primary key, in key order. */
export function primaryKeyColumns(table: Table, shape: TableShape) {
  const columns = Object.values(getTableColumns(table));
  return shape.primaryKey.map((name) => {
    const column = columns.find((c) => c.name === name);
    if (!column) throw new Error(`table ${shape.name}: no primary key column ${name}`);
    return column;
  });
}
