/**
 * `audit show`: the audit log, filtered by client, actor, action or date. Entries hold ids and kinds
 * only, so printing them shows no client's words. Looking at the log is itself logged (`audit.viewed`),
 * so nobody can read who accessed what without leaving a trace.
 */
import type { Command } from "commander";
import { and, desc, eq, gte, lt, or, type SQL, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { z } from "zod";
import { audit } from "../../db/repos/audit.js";
import { getClient } from "../../db/repos/people.js";
import { auditLog } from "../../db/schema.js";
import { formatLocalTime } from "../../i18n/local-time.js";
import { clientZone, operatorZone } from "../../practice/zones.js";
import { idArg, parseArg } from "../arguments.js";
import { type CliContext, CliUsageError, printResult } from "../context.js";

interface ShowOptions {
  client?: string;
  actor?: string;
  action?: string;
  since?: string;
  until?: string;
  limit: string;
  json: boolean;
}

const dateOnly = /^\d{4}-\d{2}-\d{2}$/;

/** An ISO date or date-time (UTC unless it says otherwise). */
const instantArg = z.string().refine((value) => DateTime.fromISO(value, { zone: "utc" }).isValid, {
  message: "must be an ISO date such as 2026-11-01 or 2026-11-01T08:00Z",
});

function instant(value: string, option: string): DateTime {
  return DateTime.fromISO(parseArg(instantArg, value, option), { zone: "utc" });
}

const limitArg = idArg.max(10_000, "must be at most 10000");
const textArg = z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters");

export function registerAuditCommands(program: Command, ctx: CliContext): void {
  const auditCommand = program.command("audit").description("the audit log: who did what to whom");
  auditCommand
    .command("show")
    .description("audit entries, newest first (ids and kinds only)")
    .option("--client <id>", "only entries whose subject or actor is this client")
    .option("--actor <actor>", 'only this actor, e.g. "cli", "system", "therapist:2", "client:3"')
    .option("--action <prefix>", 'only actions starting with this, e.g. "risk." or "client.erased"')
    .option("--since <date>", "from this ISO date or time (UTC unless given)")
    .option("--until <date>", "up to this ISO time, or to the end of this ISO date")
    .option("--limit <n>", "at most this many entries", "100")
    .option("--json", "print one JSON object", false)
    .action((options: ShowOptions) => showAudit(ctx, options));
}

function showAudit(ctx: CliContext, options: ShowOptions): void {
  const clientId = options.client === undefined ? undefined : parseArg(idArg, options.client, "--client");
  const actor = options.actor === undefined ? undefined : parseArg(textArg, options.actor, "--actor");
  const action = options.action === undefined ? undefined : parseArg(textArg, options.action, "--action");
  const since = options.since === undefined ? undefined : instant(options.since, "--since");
  // A bare date means the whole of that day.
  const until =
    options.until === undefined
      ? undefined
      : dateOnly.test(options.until)
        ? instant(options.until, "--until").plus({ days: 1 })
        : instant(options.until, "--until").plus({ milliseconds: 1 });
  if (since && until && until.toMillis() <= since.toMillis()) throw new CliUsageError("--until: must be after --since");
  const limit = parseArg(limitArg, options.limit, "--limit");

  const subject = clientId === undefined ? undefined : `client:${clientId}`;
  const conditions: Array<SQL | undefined> = [
    subject ? or(eq(auditLog.subject, subject), eq(auditLog.actor, subject)) : undefined,
    actor ? eq(auditLog.actor, actor) : undefined,
    // substr rather than LIKE: a prefix with "_" or "%" in it means those characters.
    action ? sql`substr(${auditLog.action}, 1, ${action.length}) = ${action}` : undefined,
    since ? gte(auditLog.at, since.toJSDate()) : undefined,
    until ? lt(auditLog.at, until.toJSDate()) : undefined,
  ];
  const { db } = ctx.database();
  const now = ctx.clock.now();
  // Entries are about many people; a client's own view is in their zone, anything wider in the practice's.
  const client = clientId === undefined ? undefined : getClient(db, clientId);
  const zone = client ? clientZone(db, client) : operatorZone(db);
  const entries = db.transaction((tx) => {
    const rows = tx
      .select()
      .from(auditLog)
      .where(and(...conditions))
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(limit)
      .all();
    audit(
      tx,
      {
        actor: "cli",
        action: "audit.viewed",
        subject: subject ?? "audit",
        detail: {
          ...(actor ? { actor } : {}),
          ...(action ? { action } : {}),
          ...(since ? { since: since.toISO() } : {}),
          ...(until ? { until: until.toISO() } : {}),
          entries: rows.length,
        },
      },
      now,
    );
    return rows.map((row) => ({
      id: row.id,
      at: row.at.toISOString(),
      actor: row.actor,
      action: row.action,
      subject: row.subject,
      detail: row.detail ?? null,
    }));
  });
  printResult(
    ctx,
    options.json,
    { entries },
    entries.length === 0
      ? ["No audit entries."]
      : entries.map(
          (e) =>
            `${formatLocalTime(new Date(e.at), zone)}\t${e.actor}\t${e.action}\t${e.subject}${e.detail === null ? "" : `\t${JSON.stringify(e.detail)}`}`,
        ),
  );
}
