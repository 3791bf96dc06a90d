/**
 * `db copy`: every table's rows from one database into an empty one, SQLite or PostgreSQL either way.
 * Tables go in foreign key order, in batches, all inside one transaction on the target; before it
 * commits, the target is read back and compared with the source table by table (verify.ts). Anything
 * that fails rolls the target back, so it is either a full, verified copy or as empty as it was.
 */

import type { CopyEndpoint } from "./endpoint.js";
import { CopyRefusedError } from "./errors.js";
import {
  describeLocation,
  type Location,
  openSource,
  openTarget,
  pendingSpoolLines,
  sameLocation,
} from "./locations.js";
import { foreignKeyOrder } from "./table-order.js";
import { type TableCheck, verifyCopy } from "./verify.js";

export interface CopyOptions {
  /** Rows per read and per insert. */
  batchSize?: number;
  /** Told as each table is done. */
  onTable?: (table: string, rows: number) => void;
  /**
   * Called after the rows are written and before the target is verified: tests use it to change the
   * target and prove that verification notices.
   */
  beforeVerify?: (target: CopyEndpoint) => Promise<void>;
}

export interface CopyReport {
  from: string;
  to: string;
  tables: TableCheck[];
}

async function copyRows(source: CopyEndpoint, target: CopyEndpoint, table: string, batchSize: number) {
  let copied = 0;
  for (;;) {
    const rows = await source.read(table, copied, batchSize);
    await target.insert(table, rows);
    copied += rows.length;
    if (rows.length < batchSize) return copied;
  }
}

/** The tables in the order they can be filled; both schemas must know every one of them. */
function tableOrder(source: CopyEndpoint, target: CopyEndpoint): string[] {
  const order = foreignKeyOrder([...source.tables.values()].map((entry) => entry.shape)).map((shape) => shape.name);
  const missing = order.filter((name) => !target.tables.has(name));
  if (missing.length > 0) throw new CopyRefusedError(`the target's schema lacks table(s) ${missing.join(", ")}`);
  return order;
}

export async function copyDatabase(from: Location, to: Location, options: CopyOptions = {}): Promise<CopyReport> {
  const batchSize = options.batchSize ?? 500;
  if (sameLocation(from, to)) throw new CopyRefusedError("--from and --to name the same database");
  const source = await openSource(from);
  let opened: Awaited<ReturnType<typeof openTarget>> | undefined;
  let committed = false;
  try {
    opened = await openTarget(to);
    const target = opened.endpoint;
    const order = tableOrder(source, target);
    await source.begin();
    await target.begin();
    for (const table of order) {
      const rows = await copyRows(source, target, table, batchSize);
      options.onTable?.(table, rows);
    }
    await target.afterInserts();
    await options.beforeVerify?.(target);
    const tables = await verifyCopy(source, target, order, batchSize);
    // A disclosure spooled while the copy ran (the source's database failing meanwhile) would be left
    // behind by this copy: refuse it as at the start.
    if (from.kind === "sqlite" && pendingSpoolLines(from.path) > 0) {
      throw new CopyRefusedError(
        `${from.path}: disclosures reached its risk spool while copying; let Interlude replay them, then copy again. Nothing was copied.`,
      );
    }
    await target.commit();
    committed = true;
    return { from: describeLocation(from), to: describeLocation(to), tables };
  } finally {
    if (opened && !committed) {
      await opened.endpoint.rollback().catch(() => undefined);
    }
    await source.rollback().catch(() => undefined);
    await source.close();
    await opened?.endpoint.close();
    if (opened && !committed) opened.discard();
  }
}
