/**
 * The risk spool: when the database fails while a client signals risk, the crisis reply still goes
 * out (from memory), and the fact of the disclosure is appended here, outside the database, so the
 * alert is opened as soon as the database works again. An entry holds ids, a trigger kind and a time:
 * never the client's words. The file is append-only with fsync; replay is idempotent per update id.
 */
import { appendFileSync, closeSync, fsyncSync, openSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { z } from "zod";
import type { Db } from "../db/connection.js";
import { audit } from "../db/repos/audit.js";
import { findIdentity } from "../db/repos/identities.js";
import { getClient, getPractice } from "../db/repos/people.js";
import { markUpdateProcessed } from "../db/repos/processed-updates.js";
import { platforms } from "../db/schema.js";
import type { Logger } from "../logger.js";
import type { Prompts } from "../prompts/load.js";
import { raiseRiskAlert } from "./risk-alert.js";

export const spoolEntrySchema = z.strictObject({
  platform: z.enum(platforms),
  platformUserId: z.string().min(1).max(128),
  updateId: z.string().min(1).max(128),
  kind: z.enum(["risk_item", "risk_text"]),
  rule: z.string().max(32).optional(),
  /** Epoch milliseconds of the disclosure. */
  at: z.number().int().nonnegative(),
});
export type SpoolEntry = z.infer<typeof spoolEntrySchema>;

/** The spool's file beside a database file, so that a copy of the folder, or a backup, takes both. */
export function spoolFileBeside(databaseFile: string): string {
  return `${databaseFile}.risk-spool`;
}

export interface RiskSpool {
  append(entry: SpoolEntry): void;
  /** Entries not yet replayed, in order; unreadable lines are skipped and counted. */
  read(): { entries: SpoolEntry[]; unreadable: number };
  /** Forgets the first `count` entries (after they were replayed). */
  drop(count: number): void;
}

export class MemoryRiskSpool implements RiskSpool {
  private entries: SpoolEntry[] = [];
  append(entry: SpoolEntry): void {
    this.entries.push(entry);
  }
  read() {
    return { entries: [...this.entries], unreadable: 0 };
  }
  drop(count: number): void {
    this.entries = this.entries.slice(count);
  }
}

export class FileRiskSpool implements RiskSpool {
  constructor(private readonly path: string) {}

  append(entry: SpoolEntry): void {
    const fd = openSync(this.path, "a", 0o600);
    try {
      appendFileSync(fd, `${JSON.stringify(entry)}\n`);
      // The database just failed; this line may be the only record of the disclosure.
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  read(): { entries: SpoolEntry[]; unreadable: number } {
    let text: string;
    try {
      text = readFileSync(this.path, "utf8");
    } catch {
      return { entries: [], unreadable: 0 };
    }
    const entries: SpoolEntry[] = [];
    let unreadable = 0;
    for (const line of text.split("\n")) {
      if (line.trim() === "") continue;
      try {
        const parsed = spoolEntrySchema.safeParse(JSON.parse(line));
        if (parsed.success) entries.push(parsed.data);
        else unreadable += 1;
      } catch {
        // A line cut short by a crash mid-append.
        unreadable += 1;
      }
    }
    return { entries, unreadable };
  }

  drop(count: number): void {
    const { entries } = this.read();
    const rest = entries.slice(count);
    const temporary = `${this.path}.tmp`;
    writeFileSync(temporary, rest.map((e) => `${JSON.stringify(e)}\n`).join(""), { mode: 0o600 });
    renameSync(temporary, this.path);
  }
}

/**
 * Opens the alerts the spool holds. Each entry is applied once (its update id is recorded in the same
 * transaction), so a crash mid-replay repeats nothing. Returns how many alerts were raised or attached.
 */
export function replaySpool(db: Db, prompts: Prompts, spool: RiskSpool, logger: Logger, now: Date): number {
  const { entries, unreadable } = spool.read();
  if (unreadable > 0) logger.error({ unreadable }, "risk spool has unreadable lines; they were skipped");
  let raised = 0;
  let applied = 0;
  for (const entry of entries) {
    db.transaction((tx) => {
      if (!markUpdateProcessed(tx, entry.platform, `spool:${entry.updateId}`, now)) return;
      const identity = findIdentity(tx, entry.platform, entry.platformUserId);
      const client = identity?.clientId ? getClient(tx, identity.clientId) : undefined;
      const practice = client ? getPractice(tx, client.practiceId) : undefined;
      if (!client || !practice) return;
      const { alert } = raiseRiskAlert(
        tx,
        prompts,
        { client, practice },
        { kind: "recovered", ...(entry.rule ? { rule: entry.rule } : {}), at: new Date(entry.at) },
        now,
      );
      audit(
        tx,
        {
          actor: "system",
          action: "risk.recovered",
          subject: `alert:${alert.id}`,
          detail: { trigger: entry.kind, at: entry.at, clientReplied: true },
        },
        now,
      );
      raised += 1;
    });
    applied += 1;
  }
  if (applied > 0) spool.drop(applied);
  if (raised > 0) logger.warn({ raised }, "risk alerts recovered from the spool");
  return raised;
}
