/**
 * Which tables an event wrote to. Comparing full table dumps after each of 10,000 events is too slow,
 * so triggers count every committed insert, update and delete per table in a side table. A write
 * that leaves a row as it was still counts: "changes nothing" here means "writes nothing".
 */
import type Database from "better-sqlite3";

const counterTable = "test_table_writes";

export class TableWrites {
  constructor(private readonly sqlite: Database.Database) {
    const tables = sqlite
      .prepare(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '\\_\\_%' escape '\\'",
      )
      .pluck()
      .all() as string[];
    sqlite.exec(`create table ${counterTable} (name text primary key, writes integer not null default 0)`);
    for (const table of tables) {
      sqlite.prepare(`insert into ${counterTable} (name) values (?)`).run(table);
      for (const op of ["insert", "update", "delete"]) {
        sqlite.exec(
          `create trigger test_${op}_${table} after ${op} on "${table}" begin ` +
            `update ${counterTable} set writes = writes + 1 where name = '${table}'; end`,
        );
      }
    }
  }

  /** Write counts by table, to pass to `since` later. */
  mark(): Map<string, number> {
    const rows = this.sqlite.prepare(`select name, writes from ${counterTable}`).all() as Array<{
      name: string;
      writes: number;
    }>;
    return new Map(rows.map((r) => [r.name, r.writes]));
  }

  /** The tables written to since `before`, sorted. */
  since(before: Map<string, number>): string[] {
    return [...this.mark()]
      .filter(([name, writes]) => before.get(name) !== writes)
      .map(([name]) => name)
      .sort();
  }
}
