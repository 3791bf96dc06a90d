/**
 * The risk spool that goes with a configured database: a file beside it, or one in memory for an
 * in-memory database. Outside app.ts so that the CLI's `retention run` gets it without loading the
 * whole app (engine, dispatcher, scheduler, summaries).
 */
import { spoolPathFor } from "../db/database-files.js";
import { FileRiskSpool, MemoryRiskSpool, type RiskSpool } from "./spool.js";

export function spoolFor(databasePath: string): RiskSpool {
  const path = spoolPathFor(databasePath);
  return path === undefined ? new MemoryRiskSpool() : new FileRiskSpool(path);
}
