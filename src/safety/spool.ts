/**
 * The risk spool: when the database fails while a client signals risk, the crisis reply still goes
 * out (from memory), and the fact of the disclosure is appended here, outside the database, so the
 * alert is opened as soon as the database works again; a second line records whether the reply was
 * sent. An entry holds ids, a trigger kind, a time and that outcome: never the client's words. The
 * file is append-only with fsync; replay is idempotent per update id.
 */
import { appendFileSync, closeSync, fchmodSync, fsyncSync, openSync, readFileSync } from "node:fs";
import { z } from "zod";
import type { Db } from "../db/connection.js";
import { audit } from "../db/repos/audit.js";
import { findIdentity } from "../db/repos/identities.js";
import { getClient, getPractice } from "../db/repos/people.js";
import { markUpdateProcessed } from "../db/repos/processed-updates.js";
import { platforms } from "../db/schema.js";
import { isLocale, type Locale, referenceLocale } from "../i18n/locales.js";
import type { Logger } from "../logger.js";
import { Outbound } from "../outbox/outbound.js";
import { priority } from "../outbox/queue.js";
import { writeFileAtomic } from "../text/atomic-write.js";
import { crisisReplyText, crisisResourceText } from "./crisis-reply.js";
import { raiseRiskAlert } from "./risk-alert.js";
import type { SafetyPrompts } from "./safety-prompts.js";

export const spoolEntrySchema = z.strictObject({
  platform: z.enum(platforms),
  platformUserId: z.string().min(1).max(128),
  updateId: z.string().min(1).max(128),
  kind: z.enum(["risk_item", "risk_text"]),
  rule: z.string().max(32).optional(),
  /** Epoch milliseconds of the disclosure. */
  at: z.number().int().nonnegative(),
  /** Whether the crisis reply sent from memory reached the client; absent while unknown (or after a crash). */
  reply: z.enum(["sent", "failed"]).optional(),
});
export type SpoolEntry = z.infer<typeof spoolEntrySchema>;

/** A line appended once the crisis reply's send has ended: the entry it belongs to and how. */
const replyLineSchema = z.strictObject({
  platform: z.enum(platforms),
  updateId: z.string().min(1).max(128),
  reply: z.enum(["sent", "failed"]),
});

const keyOf = (e: { platform: string; updateId: string }) => `${e.platform}\u0000${e.updateId}`;

/** Entries in order, each with the outcome its reply line recorded. */
function merge(lines: unknown[]): { entries: SpoolEntry[]; unreadable: number } {
  const entries: SpoolEntry[] = [];
  const byKey = new Map<string, SpoolEntry>();
  let unreadable = 0;
  for (const line of lines) {
    const entry = spoolEntrySchema.safeParse(line);
    if (entry.success) {
      entries.push(entry.data);
      byKey.set(keyOf(entry.data), entry.data);
      continue;
    }
    const outcome = replyLineSchema.safeParse(line);
    const target = outcome.success ? byKey.get(keyOf(outcome.data)) : undefined;
    if (outcome.success && target) target.reply = outcome.data.reply;
    else if (!outcome.success) unreadable += 1;
  }
  return { entries, unreadable };
}

export { spoolFileBeside } from "../db/database-files.js";

export interface RiskSpool {
  append(entry: SpoolEntry): void;
  /** Records how the crisis reply for an entry ended (sent, or given up). */
  recordReply(platform: SpoolEntry["platform"], updateId: string, reply: "sent" | "failed"): void;
  /** Entries not yet replayed, in order, with their replies' outcomes; unreadable lines are skipped and counted. */
  read(): { entries: SpoolEntry[]; unreadable: number };
  /** Forgets these entries (after they were replayed). */
  remove(done: readonly SpoolEntry[]): void;
}

export class MemoryRiskSpool implements RiskSpool {
  private lines: unknown[] = [];
  append(entry: SpoolEntry): void {
    this.lines.push({ ...entry });
  }
  recordReply(platform: SpoolEntry["platform"], updateId: string, reply: "sent" | "failed"): void {
    this.lines.push({ platform, updateId, reply });
  }
  read() {
    return merge(this.lines);
  }
  remove(done: readonly SpoolEntry[]): void {
    const gone = new Set(done.map(keyOf));
    this.lines = merge(this.lines).entries.filter((e) => !gone.has(keyOf(e)));
  }
}

export class FileRiskSpool implements RiskSpool {
  constructor(private readonly path: string) {}

  append(entry: SpoolEntry): void {
    this.appendLine(entry);
  }

  recordReply(platform: SpoolEntry["platform"], updateId: string, reply: "sent" | "failed"): void {
    this.appendLine({ platform, updateId, reply });
  }

  private appendLine(line: object): void {
    const fd = openSync(this.path, "a", 0o600);
    try {
      // The mode given to open() is only used when the file is created, and then less the umask.
      fchmodSync(fd, 0o600);
      appendFileSync(fd, `${JSON.stringify(line)}\n`);
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
    const lines: unknown[] = [];
    let torn = 0;
    for (const line of text.split("\n")) {
      if (line.trim() === "") continue;
      try {
        lines.push(JSON.parse(line));
      } catch {
        // A line cut short by a crash mid-append.
        torn += 1;
      }
    }
    const merged = merge(lines);
    return { entries: merged.entries, unreadable: merged.unreadable + torn };
  }

  remove(done: readonly SpoolEntry[]): void {
    const gone = new Set(done.map(keyOf));
    const rest = this.read().entries.filter((e) => !gone.has(keyOf(e)));
    // A fresh temporary file each time (0600, flushed), never one left behind by someone else.
    writeFileAtomic(this.path, rest.map((e) => `${JSON.stringify(e)}\n`).join(""), { replace: true });
  }
}

/**
 * How long replay waits for the outcome of a crisis reply sent from memory before treating it as lost
 * (a crash mid-send) and sending it again: the dispatcher's retry window, and a minute more.
 */
export const spoolReplyWaitMs = 11 * 60_000;

/**
 * Opens the alerts the spool holds. Each entry is applied once (its update id is recorded in the same
 * transaction), so a crash mid-replay repeats nothing; an update the platform re-delivered and that
 * was handled for real since is not raised twice. A crisis reply that did not (knowingly) arrive is
 * sent again, now through the outbox, and the clinicians are told it is being sent. An entry whose
 * reply is still being tried waits for the outcome. Returns how many alerts were raised or attached.
 */
export function replaySpool(
  db: Db,
  prompts: SafetyPrompts,
  spool: RiskSpool,
  logger: Logger,
  now: Date,
  replyWaitMs = spoolReplyWaitMs,
): number {
  const { entries, unreadable } = spool.read();
  if (unreadable > 0) logger.error({ unreadable }, "risk spool has unreadable lines; they were skipped");
  let raised = 0;
  let resent = 0;
  const done: SpoolEntry[] = [];
  for (const entry of entries) {
    if (entry.reply === undefined && now.getTime() - entry.at < replyWaitMs) continue;
    db.transaction((tx) => {
      if (!markUpdateProcessed(tx, entry.platform, `spool:${entry.updateId}`, now)) return;
      // Handled since (a re-delivery once the database worked): that opened the alert and replied.
      if (!markUpdateProcessed(tx, entry.platform, entry.updateId, now)) return;
      const identity = findIdentity(tx, entry.platform, entry.platformUserId);
      const client = identity?.clientId ? getClient(tx, identity.clientId) : undefined;
      const practice = client ? getPractice(tx, client.practiceId) : undefined;
      if (!identity || !client || !practice) return;
      const delivered = entry.reply === "sent";
      const { alert, cliniciansTold } = raiseRiskAlert(
        tx,
        prompts,
        { client, practice },
        {
          kind: "recovered",
          ...(entry.rule ? { rule: entry.rule } : {}),
          at: new Date(entry.at),
          replyState: delivered ? "sent" : "sending",
        },
        now,
      );
      if (!delivered) {
        const locale: Locale = isLocale(client.locale) ? client.locale : referenceLocale;
        const text = crisisReplyText(
          prompts,
          locale,
          entry.kind,
          crisisResourceText(prompts, locale, practice, client),
          cliniciansTold > 0,
        );
        // Pending and first in its chat's line; the next drain sends it and reports how it went.
        new Outbound(tx, now, `spool:${entry.platform}:${entry.updateId}`, priority.reply).urgent(
          { platform: identity.platform, chatId: identity.chatId, identityId: identity.id },
          text,
          { alertId: alert.id },
        );
        resent += 1;
      }
      audit(
        tx,
        {
          actor: "system",
          action: "risk.recovered",
          subject: `alert:${alert.id}`,
          detail: { trigger: entry.kind, at: entry.at, clientReplied: delivered },
        },
        now,
      );
      raised += 1;
    });
    done.push(entry);
  }
  if (done.length > 0) spool.remove(done);
  if (raised > 0) logger.warn({ raised, resent }, "risk alerts recovered from the spool");
  return raised;
}
