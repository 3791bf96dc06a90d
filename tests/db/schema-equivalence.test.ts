/**
 * The SQLite and PostgreSQL schemas are written twice (drizzle shares none between dialects); these
 * tests fail, naming what differs, as soon as one side gains or loses a table, a column, a key or an
 * index the other lacks. A new SQLite table needs its twin in src/db/postgres/schema/ and a
 * PostgreSQL migration (npm run db:generate).
 */
import { afterAll, describe, expect, it } from "vitest";
import { openInMemoryDatabase } from "../../src/db/connection.js";
import { openPostgres } from "../../src/db/postgres/connection.js";
import * as pgSchema from "../../src/db/postgres/schema.js";
import * as sqliteSchema from "../../src/db/schema.js";
import {
  describePgTable,
  describeSqliteTable,
  pgTablesOf,
  sqliteTablesOf,
  type TableShape,
} from "../../src/db/table-shape.js";
import { describePostgres, freshPostgresDatabase, type ScratchDatabase } from "../helpers/postgres.js";

const byName = <T extends { name: string }>(items: T[]) => new Map(items.map((item) => [item.name, item]));
const show = (value: unknown) => JSON.stringify(value);

/** Each fact of a table as one line, so two tables differ by the lines only one of them has. */
function factsOf(table: TableShape): string[] {
  const t = table.name;
  return [
    ...table.columns.map(({ name, ...rest }) => `column ${t}.${name} ${show(rest)}`),
    `primary key of ${t} ${show(table.primaryKey)}`,
    ...table.foreignKeys.map(
      (key) =>
        `foreign key ${t}${show(key.columns)} → ${key.table}${show(key.foreignColumns)} on delete ${key.onDelete}`,
    ),
    ...table.uniqueConstraints.map((columns) => `unique constraint ${t}${show(columns)}`),
    ...table.indexes.map(({ name, ...rest }) => `index ${name} on ${t} ${show(rest)}`),
  ];
}

/** Every difference between the two sides, as sentences; empty when they agree. */
function differences(sqlite: TableShape[], postgres: TableShape[]): string[] {
  const found: string[] = [];
  const pgByName = byName(postgres);
  const sqliteByName = byName(sqlite);
  for (const table of sqlite) {
    if (!pgByName.has(table.name)) {
      found.push(`table ${table.name} is in the SQLite schema but has no PostgreSQL twin in src/db/postgres/schema/`);
    }
  }
  for (const table of postgres) {
    if (!sqliteByName.has(table.name)) found.push(`table ${table.name} is only in the PostgreSQL schema`);
  }
  for (const table of sqlite) {
    const twin = pgByName.get(table.name);
    if (!twin) continue;
    const pgFacts = new Set(factsOf(twin));
    const sqliteFacts = new Set(factsOf(table));
    for (const fact of sqliteFacts) if (!pgFacts.has(fact)) found.push(`only in SQLite: ${fact}`);
    for (const fact of pgFacts) if (!sqliteFacts.has(fact)) found.push(`only in PostgreSQL: ${fact}`);
  }
  return found;
}

const sqliteShapes = sqliteTablesOf(sqliteSchema).map(describeSqliteTable);
const pgShapes = pgTablesOf(pgSchema).map(describePgTable);

describe("the SQLite and PostgreSQL schemas", () => {
  it("describe the same tables, columns, keys, foreign keys, unique constraints and indexes", () => {
    expect(sqliteShapes.length).toBeGreaterThan(0);
    expect(differences(sqliteShapes, pgShapes)).toEqual([]);
  });

  it("name each difference: a column, an index or a whole table missing on one side", () => {
    const [first, ...rest] = sqliteShapes;
    if (!first) throw new Error("no tables");
    const withoutColumn = { ...first, columns: first.columns.slice(1), indexes: [] };
    const found = differences(sqliteShapes, [withoutColumn, ...rest.slice(1)]);
    expect(
      found.some((line) => line.startsWith(`only in SQLite: column ${first.name}.${first.columns[0]?.name}`)),
    ).toBe(true);
    const missingTable = rest[0]?.name;
    expect(found).toContain(
      `table ${missingTable} is in the SQLite schema but has no PostgreSQL twin in src/db/postgres/schema/`,
    );
  });

  it("tell a partial index from a full one, and a json column from plain text", () => {
    const answers = pgShapes.find((t) => t.name === "answers");
    expect(answers?.indexes.find((i) => i.name === "answers_held_for_session")?.partial).toBe(true);
    const outbox = pgShapes.find((t) => t.name === "outbox");
    expect(outbox?.columns.find((c) => c.name === "payload")?.type).toBe("json");
    expect(outbox?.columns.find((c) => c.name === "chat_id")?.type).toBe("text");
  });
});

interface Introspected {
  columns: string[];
  indexes: string[];
}

function introspectSqlite(): Map<string, Introspected> {
  const handle = openInMemoryDatabase();
  try {
    const tables = handle.sqlite
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name",
      )
      .pluck()
      .all() as string[];
    return new Map(
      tables.map((table) => {
        const columns = handle.sqlite
          .prepare(`SELECT name FROM pragma_table_info('${table}') ORDER BY name`)
          .pluck()
          .all();
        // SQLite's own indexes (sqlite_autoindex_*) back primary keys; PostgreSQL's *_pkey are left out alike.
        const indexes = handle.sqlite
          .prepare(
            `SELECT name FROM pragma_index_list('${table}') WHERE origin != 'pk' AND name NOT LIKE 'sqlite_autoindex_%' ORDER BY name`,
          )
          .pluck()
          .all();
        return [table, { columns, indexes } as Introspected];
      }),
    );
  } finally {
    handle.close();
  }
}

async function introspectPostgres(url: string): Promise<Map<string, Introspected>> {
  const handle = await openPostgres(url);
  try {
    const columns = await handle.pool.query<{ table_name: string; column_name: string }>(
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, column_name",
    );
    const indexes = await handle.pool.query<{ table_name: string; index_name: string }>(
      `SELECT t.relname AS table_name, i.relname AS index_name
         FROM pg_index x
         JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_class t ON t.oid = x.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = 'public' AND NOT x.indisprimary
        ORDER BY t.relname, i.relname`,
    );
    const found = new Map<string, Introspected>();
    const entry = (table: string) => {
      let existing = found.get(table);
      if (!existing) {
        existing = { columns: [], indexes: [] };
        found.set(table, existing);
      }
      return existing;
    };
    for (const row of columns.rows) entry(row.table_name).columns.push(row.column_name);
    for (const row of indexes.rows) entry(row.table_name).indexes.push(row.index_name);
    return found;
  } finally {
    await handle.close();
  }
}

describePostgres("the migrated databases", () => {
  let scratch: ScratchDatabase | undefined;
  afterAll(async () => {
    await scratch?.drop();
  });

  it("have the same tables, columns and indexes on SQLite and on PostgreSQL", { timeout: 60_000 }, async () => {
    scratch = await freshPostgresDatabase();
    const sqlite = introspectSqlite();
    const postgres = await introspectPostgres(scratch.url);
    expect([...postgres.keys()].sort()).toEqual([...sqlite.keys()].sort());
    for (const [table, shape] of sqlite) {
      expect(postgres.get(table)?.columns, `columns of ${table}`).toEqual(shape.columns);
      expect(postgres.get(table)?.indexes, `indexes of ${table}`).toEqual(shape.indexes);
    }
  });
});
