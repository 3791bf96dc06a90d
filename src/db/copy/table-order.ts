/**
 * The order in which tables can be filled without a foreign key pointing at a row not yet written:
 * every table after the tables it references. Ties keep the schema's order, so the order is stable.
 */
import type { TableShape } from "../table-shape.js";

export function foreignKeyOrder(tables: readonly TableShape[]): TableShape[] {
  const byName = new Map(tables.map((table) => [table.name, table]));
  const ordered: TableShape[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const place = (table: TableShape, path: string[]) => {
    if (placed.has(table.name)) return;
    if (visiting.has(table.name)) {
      throw new Error(`foreign keys form a cycle: ${[...path, table.name].join(" → ")}`);
    }
    visiting.add(table.name);
    for (const key of table.foreignKeys) {
      const referenced = byName.get(key.table);
      // A table referencing itself is filled in key order; nothing to place before it.
      if (referenced && referenced.name !== table.name) place(referenced, [...path, table.name]);
    }
    visiting.delete(table.name);
    placed.add(table.name);
    ordered.push(table);
  };
  for (const table of tables) place(table, []);
  return ordered;
}
