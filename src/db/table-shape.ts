/**
 * A table as both dialects can describe it: columns with a type family, keys, foreign keys, unique
 * constraints and indexes, read from drizzle's own table config. The schema equivalence test compares
 * the SQLite and PostgreSQL shapes; `db copy` orders its tables by their foreign keys and reads rows in
 * primary key order.
 */
import { type Column, getTableName, is, type Table } from "drizzle-orm";
import { type AnyPgColumn, getTableConfig as getPgTableConfig, PgCustomColumn, PgTable } from "drizzle-orm/pg-core";
import { getTableConfig as getSqliteTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";

/** What a value is, whichever way the dialect stores it. */
export type TypeFamily = "integer" | "timestamp" | "boolean" | "text" | "json" | "real" | "blob" | "other";

export interface ColumnShape {
  name: string;
  type: TypeFamily;
  notNull: boolean;
  /** Part of a single-column primary key. */
  primary: boolean;
  /** A default value (an auto-generated id counts as `generatedId`, not as a default). */
  hasDefault: boolean;
  /** SQLite AUTOINCREMENT, PostgreSQL identity. */
  generatedId: boolean;
  unique: boolean;
}

export interface ForeignKeyShape {
  columns: string[];
  table: string;
  foreignColumns: string[];
  onDelete: string;
}

export interface IndexShape {
  name: string;
  /** Column names; an expression is shown as "(expression)". */
  columns: string[];
  unique: boolean;
  partial: boolean;
}

export interface TableShape {
  name: string;
  columns: ColumnShape[];
  /** The primary key's columns, whether declared on a column or for the table. */
  primaryKey: string[];
  foreignKeys: ForeignKeyShape[];
  uniqueConstraints: string[][];
  indexes: IndexShape[];
}

const sqliteTypes: Record<string, TypeFamily> = {
  SQLiteInteger: "integer",
  SQLiteTimestamp: "timestamp",
  SQLiteBoolean: "boolean",
  SQLiteText: "text",
  SQLiteTextJson: "json",
  SQLiteReal: "real",
  SQLiteBlobBuffer: "blob",
  SQLiteBlobJson: "blob",
  SQLiteBigInt: "integer",
};

const pgTypes: Record<string, TypeFamily> = {
  PgInteger: "integer",
  PgBigInt53: "integer",
  PgBigInt64: "integer",
  PgTimestamp: "timestamp",
  PgBoolean: "boolean",
  PgText: "text",
  PgDoublePrecision: "real",
  PgBytea: "blob",
};

/** The only custom PostgreSQL type is src/db/postgres/schema/common.ts's JSON-as-text. */
function pgFamily(column: AnyPgColumn): TypeFamily {
  if (is(column, PgCustomColumn)) return column.getSQLType() === "text" ? "json" : "other";
  return pgTypes[column.columnType] ?? "other";
}

// drizzle's own `hasDefault` is also set for a SQLite INTEGER PRIMARY KEY (the rowid) and an identity;
// what the schema declares is a value or a function.
const declaresDefault = (column: Column) => column.default !== undefined || column.defaultFn !== undefined;
const columnNames = (columns: { name: string }[]) => columns.map((c) => c.name);
const indexColumn = (column: unknown) =>
  typeof column === "object" && column !== null && "name" in column && typeof column.name === "string"
    ? column.name
    : "(expression)";

/** What both dialects' `getTableConfig` return, as far as a shape needs it. */
interface TableConfigLike<C extends { name: string; primary: boolean }> {
  name: string;
  columns: C[];
  primaryKeys: { columns: { name: string }[] }[];
  foreignKeys: {
    reference(): { columns: { name: string }[]; foreignTable: Table; foreignColumns: { name: string }[] };
    onDelete?: string | undefined;
  }[];
  uniqueConstraints: { columns: { name: string }[] }[];
  indexes: { config: { name?: string; columns: unknown[]; unique: boolean; where?: unknown } }[];
}

function shapeOf<C extends { name: string; primary: boolean }>(
  config: TableConfigLike<C>,
  describeColumn: (column: C) => ColumnShape,
): TableShape {
  const composite = config.primaryKeys.flatMap((key) => columnNames(key.columns));
  return {
    name: config.name,
    columns: config.columns.map(describeColumn),
    primaryKey: composite.length > 0 ? composite : columnNames(config.columns.filter((c) => c.primary)),
    foreignKeys: config.foreignKeys.map((key) => {
      const reference = key.reference();
      return {
        columns: columnNames(reference.columns),
        table: getTableName(reference.foreignTable),
        foreignColumns: columnNames(reference.foreignColumns),
        onDelete: key.onDelete ?? "no action",
      };
    }),
    uniqueConstraints: config.uniqueConstraints.map((u) => columnNames(u.columns)),
    indexes: config.indexes.map(({ config: index }) => ({
      name: index.name ?? "(unnamed)",
      columns: index.columns.map(indexColumn),
      unique: index.unique,
      partial: index.where !== undefined,
    })),
  };
}

export function describeSqliteTable(table: SQLiteTable): TableShape {
  return shapeOf(getSqliteTableConfig(table), (column) => {
    const generatedId = "autoIncrement" in column && column.autoIncrement === true;
    return {
      name: column.name,
      type: sqliteTypes[column.columnType] ?? "other",
      notNull: column.notNull,
      primary: column.primary,
      hasDefault: declaresDefault(column),
      generatedId,
      unique: column.isUnique,
    };
  });
}

export function describePgTable(table: PgTable): TableShape {
  return shapeOf(getPgTableConfig(table), (column) => ({
    name: column.name,
    type: pgFamily(column),
    notNull: column.notNull,
    primary: column.primary,
    hasDefault: declaresDefault(column),
    generatedId: column.generatedIdentity !== undefined,
    unique: column.isUnique,
  }));
}

/** The tables a schema module exports (its other exports are enums and types). */
export function sqliteTablesOf(schema: Record<string, unknown>): SQLiteTable[] {
  return Object.values(schema).filter((value): value is SQLiteTable => is(value, SQLiteTable));
}

export function pgTablesOf(schema: Record<string, unknown>): PgTable[] {
  return Object.values(schema).filter((value): value is PgTable => is(value, PgTable));
}
