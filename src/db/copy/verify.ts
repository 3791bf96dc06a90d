/**
 * Whether the target holds what the source holds: per table, the same number of rows, and the same
 * rows in primary key order, each serialised the same way on both sides (columns by name, a Date as
 * its epoch milliseconds), with a SHA-256 over them reported as the table's digest. A difference names
 * the table and the row's position, never a value: rows hold clients' words.
 */
import { createHash } from "node:crypto";
import type { CopyEndpoint, Row } from "./endpoint.js";
import { CopyMismatchError } from "./errors.js";

export interface TableCheck {
  table: string;
  rows: number;
  /** SHA-256 (hex) of the table's rows as serialised, in key order. */
  digest: string;
}

function canonicalValue(value: unknown): unknown {
  if (value instanceof Date) return { ms: value.getTime() };
  if (value instanceof Uint8Array) return { hex: Buffer.from(value).toString("hex") };
  return value ?? null;
}

function serialise(row: Row, columns: readonly string[]): string {
  return JSON.stringify(columns.map((column) => canonicalValue(row[column])));
}

function columnsOf(endpoint: CopyEndpoint, table: string): string[] {
  const entry = endpoint.tables.get(table);
  if (!entry) throw new CopyMismatchError(table, `no such table in ${endpoint.label}'s schema`);
  return entry.shape.columns.map((column) => column.name).sort();
}

export async function verifyTable(
  source: CopyEndpoint,
  target: CopyEndpoint,
  table: string,
  batchSize: number,
): Promise<TableCheck> {
  const columns = columnsOf(source, table);
  if (columnsOf(target, table).join() !== columns.join()) {
    throw new CopyMismatchError(table, "the two schemas give it different columns");
  }
  const [sourceRows, targetRows] = [await source.count(table), await target.count(table)];
  if (sourceRows !== targetRows) {
    throw new CopyMismatchError(table, `${sourceRows} row(s) in the source, ${targetRows} in the target`);
  }
  const digest = createHash("sha256");
  for (let offset = 0; offset < sourceRows; offset += batchSize) {
    const [fromSource, fromTarget] = [
      await source.read(table, offset, batchSize),
      await target.read(table, offset, batchSize),
    ];
    if (fromSource.length !== fromTarget.length) {
      throw new CopyMismatchError(table, `rows from ${offset + 1} on: the two sides list different numbers`);
    }
    fromSource.forEach((row, i) => {
      const a = serialise(row, columns);
      const b = serialise(fromTarget[i] as Row, columns);
      if (a !== b) throw new CopyMismatchError(table, `row ${offset + i + 1} (in primary key order) differs`);
      digest.update(`${a}\n`);
    });
  }
  return { table, rows: sourceRows, digest: digest.digest("hex") };
}

/** Every table, in the order given; the first difference ends the check. */
export async function verifyCopy(
  source: CopyEndpoint,
  target: CopyEndpoint,
  tables: readonly string[],
  batchSize = 500,
): Promise<TableCheck[]> {
  const checks: TableCheck[] = [];
  for (const table of tables) checks.push(await verifyTable(source, target, table, batchSize));
  return checks;
}
