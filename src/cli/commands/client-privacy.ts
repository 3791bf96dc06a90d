/**
 * `client export` and `client erase`: a client's rights of access (GDPR Art. 20) and erasure (Art. 17).
 * Both check their input before touching anything, and both are audited. Erasure asks the person at
 * the terminal to type the client's alias (a script must pass --yes instead) and is refused while a
 * risk alert is open: a clinician acknowledges it first.
 */
import { join } from "node:path";
import type { Command } from "commander";
import { z } from "zod";
import { audit } from "../../db/repos/audit.js";
import { getClient } from "../../db/repos/people.js";
import { eraseClient, openRiskAlertIds } from "../../privacy/erase.js";
import { buildClientExport } from "../../privacy/export.js";
import { exportCsvFiles } from "../../privacy/export-csv.js";
import { type ClientExport, clientExportSchema } from "../../privacy/export-schema.js";
import { writeFileAtomic, writeFilesAtomic } from "../../text/atomic-write.js";
import { idArg, parseArg } from "../arguments.js";
import { type CliContext, CliUsageError, printResult } from "../context.js";
import { checkOutPath, refuseExisting } from "../out-path.js";
import { terminalProgress } from "../progress.js";
import { askLine, isInteractive } from "../terminal.js";

const formatArg = z.enum(["json", "csv"], { message: "must be json or csv" });
type Format = z.infer<typeof formatArg>;

/** Below this many rows an export takes a blink, and a bar would only flicker. */
const progressFromRows = 1000;

export function registerClientPrivacyCommands(client: Command, ctx: CliContext): void {
  client
    .command("export")
    .description("export everything held about a client (GDPR Art. 20): one JSON file, or CSV files in a directory")
    .argument("<client>", "client id")
    .option("--format <format>", "json or csv", "json")
    .requiredOption(
      "--out <path>",
      "json: the file to write; csv: the directory to write into (created if missing); never in the database's folder",
    )
    .option("--force", "replace files that already exist", false)
    .option("--json", "print one JSON object", false)
    .action((clientArg: string, options: ExportOptions) => exportClient(ctx, clientArg, options));

  client
    .command("erase")
    .description("delete everything held about a client (GDPR Art. 17), keeping only a tombstone")
    .argument("<client>", "client id")
    .option("--yes", "do not ask for confirmation (required when not run from a terminal)", false)
    .option("--json", "print one JSON object", false)
    .action((clientArg: string, options: { yes: boolean; json: boolean }) => eraseCommand(ctx, clientArg, options));
}

interface ExportOptions {
  format: string;
  out: string;
  force: boolean;
  json: boolean;
}

/** Turns a failed write (disk full, permissions changed meanwhile) into bad input: nothing was written. */
function writeOrRefuse(path: string, write: () => void): void {
  try {
    write();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!code) throw error;
    const why = code === "EEXIST" ? "a file of that name appeared meanwhile; add --force to replace it" : code;
    throw new CliUsageError(`--out: cannot write ${path} (${why}); nothing was written`);
  }
}

function writeExport(doc: ClientExport, format: Format, path: string, replace: boolean): string[] {
  if (format === "json") {
    writeOrRefuse(path, () => writeFileAtomic(path, `${JSON.stringify(doc, null, 2)}\n`, { replace }));
    return [path];
  }
  const files = exportCsvFiles(doc);
  // The file names are known only now; the folder may already hold an earlier export's files.
  refuseExisting(
    files.map((f) => join(path, f.name)),
    replace,
  );
  writeOrRefuse(path, () => writeFilesAtomic(path, files, { replace }));
  return files.map((f) => `${path}/${f.name}`);
}

async function exportClient(ctx: CliContext, clientArg: string, options: ExportOptions) {
  const clientId = parseArg(idArg, clientArg, "<client>");
  const format = parseArg(formatArg, options.format, "--format");
  const path = checkOutPath(options.out, {
    expect: format === "json" ? "file" : "directory",
    force: options.force,
    liveDatabase: ctx.config.INTERLUDE_DB,
  });
  const checkins = (await ctx.prompts()).checkins;
  const { db } = ctx.database();
  const now = ctx.clock.now();
  const progress = terminalProgress(`Exporting client ${clientId}`);
  let result: { doc: ClientExport; files: string[] };
  try {
    result = db.transaction((tx) => {
      const doc = buildClientExport(tx, checkins, clientId, now, (done, total) => {
        if (total >= progressFromRows) progress.update(done, total);
      });
      if (!doc) throw new CliUsageError(`<client>: no client with id ${clientId}`);
      // The schema is the published contract: nothing that does not match it leaves the building.
      clientExportSchema.parse(doc);
      audit(tx, { actor: "cli", action: "client.exported", subject: `client:${clientId}`, detail: { format } }, now);
      // Written last, inside the transaction: a failed write rolls the audit entry back with it.
      return { doc, files: writeExport(doc, format, path, options.force) };
    });
  } finally {
    progress.finish();
  }
  const counts = {
    consents: result.doc.consents.length,
    identities: result.doc.identities.length,
    occurrences: result.doc.occurrences.length,
    answers: result.doc.answers.length,
    notes: result.doc.notes.length,
    alerts: result.doc.alerts.length,
    audit: result.doc.audit.length,
  };
  printResult(ctx, options.json, { clientId, format, out: path, files: result.files, counts }, [
    `Exported client ${clientId} as ${format} to ${path}: ${counts.occurrences} check-ins, ${counts.answers} answers, ${counts.notes} notes, ${counts.alerts} alerts, ${counts.audit} audit entries.`,
  ]);
}

async function eraseCommand(ctx: CliContext, clientArg: string, options: { yes: boolean; json: boolean }) {
  const clientId = parseArg(idArg, clientArg, "<client>");
  const { db } = ctx.database();
  const client = getClient(db, clientId);
  if (!client) throw new CliUsageError(`<client>: no client with id ${clientId}`);
  refuseWhileRiskOpen(clientId, openRiskAlertIds(db, clientId));
  if (!options.yes) {
    if (!isInteractive()) {
      throw new CliUsageError(`not run from a terminal: add --yes to erase client ${clientId}; nothing was deleted`);
    }
    ctx.io.err(
      `This deletes everything held about client ${clientId} (${client.alias}) for good: answers, notes, check-ins, alerts, chat accounts and audit entries about them. Only a tombstone (the id and the time) is kept.`,
    );
    const typed = await askLine("Type the client's alias to confirm: ");
    if (typed.trim() !== client.alias) throw new CliUsageError("the alias did not match; nothing was deleted");
  }
  const now = ctx.clock.now();
  const result = db.transaction((tx) => eraseClient(tx, { clientId, actor: "cli" }, now));
  if (result.status === "unknown_client") throw new CliUsageError(`<client>: no client with id ${clientId}`);
  if (result.status === "open_risk_alert") return refuseWhileRiskOpen(clientId, result.alertIds);
  const deleted = Object.entries(result.deleted)
    .filter(([, n]) => n > 0)
    .map(([table, n]) => `${table} ${n}`)
    .join(", ");
  printResult(ctx, options.json, { clientId, erasureId: result.erasureId, deleted: result.deleted }, [
    `Erased client ${clientId} (tombstone ${result.erasureId}). Removed: ${deleted || "nothing else"}.`,
  ]);
}

/** An open risk alert must never vanish with the client's data. */
function refuseWhileRiskOpen(clientId: number, alertIds: number[]): void {
  if (alertIds.length === 0) return;
  const list = alertIds.map((id) => `#${id}`).join(", ");
  throw new CliUsageError(
    `client ${clientId} has an open risk alert (${list}): a clinician must acknowledge it first (alerts ack ${alertIds[0]} --clinician <id>); nothing was deleted`,
  );
}
