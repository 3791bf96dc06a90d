/**
 * `alerts list` and `alerts ack`. The CLI acknowledges on behalf of a named clinician, who must be one
 * allowed to see the alert (the client's therapist, or a clinician it escalated to); the audit log
 * records that it came through the CLI.
 */
import type { Command } from "commander";
import { listAlerts, triggersOf } from "../../db/repos/alerts.js";
import { audit } from "../../db/repos/audit.js";
import { getClient, getTherapist } from "../../db/repos/people.js";
import { formatLocalTime } from "../../i18n/local-time.js";
import { clientZone, operatorZone } from "../../practice/zones.js";
import { acknowledgeAlert } from "../../safety/acknowledge.js";
import { idArg, parseArg } from "../arguments.js";
import { type CliContext, CliUsageError, printResult } from "../context.js";

export function registerAlertCommands(program: Command, ctx: CliContext): void {
  const alerts = program.command("alerts").description("risk and delivery alerts");
  alerts
    .command("list")
    .description("list alerts, newest first (trigger kinds and times only; no client words)")
    .option("--open", "only alerts nobody has acknowledged", false)
    .option("--client <id>", "only this client's alerts")
    .option("--json", "print one JSON object", false)
    .action((options: { open: boolean; client?: string; json: boolean }) => {
      const clientId = options.client === undefined ? undefined : parseArg(idArg, options.client, "--client");
      const { db } = ctx.database();
      const now = ctx.clock.now();
      const shown: Array<{ opened: string; acknowledged: string | null }> = [];
      const rows = db.transaction((tx) => {
        const found = listAlerts(tx, { openOnly: options.open, ...(clientId === undefined ? {} : { clientId }) });
        audit(tx, { actor: "cli", action: "alerts.listed", subject: clientId ? `client:${clientId}` : "alerts" }, now);
        return found.map((alert) => {
          const client = getClient(tx, alert.clientId);
          const zone = client ? clientZone(tx, client) : operatorZone(tx);
          shown.push({
            opened: formatLocalTime(alert.openedAt, zone),
            acknowledged: alert.acknowledgedAt ? formatLocalTime(alert.acknowledgedAt, zone) : null,
          });
          return {
            alertId: alert.id,
            kind: alert.kind,
            clientId: alert.clientId,
            client: client?.alias ?? null,
            therapistId: alert.therapistId,
            openedAt: alert.openedAt.toISOString(),
            triggers: triggersOf(tx, alert.id).map((t) => ({ kind: t.kind, at: t.at.toISOString() })),
            escalationLevel: alert.escalationLevel,
            acknowledgedAt: alert.acknowledgedAt?.toISOString() ?? null,
            acknowledgedBy: alert.acknowledgedBy,
            followUp: alert.followUpSentAt ? (alert.followUpAnswer ?? "sent") : null,
          };
        });
      });
      printResult(
        ctx,
        options.json,
        { alerts: rows },
        rows.length === 0
          ? ["No alerts."]
          : rows.map(
              (r, i) =>
                `#${r.alertId} ${r.kind} · ${r.client} (client ${r.clientId}) · opened ${shown[i]?.opened} · ${r.triggers.length} signal(s) · level ${r.escalationLevel} · ${
                  r.acknowledgedAt ? `acknowledged ${shown[i]?.acknowledged} by ${r.acknowledgedBy}` : "OPEN"
                }${r.followUp ? ` · follow-up: ${r.followUp}` : ""}`,
            ),
      );
    });

  alerts
    .command("ack")
    .description("acknowledge an alert on behalf of a clinician who may see it")
    .argument("<alert>", "alert id")
    .requiredOption("--clinician <id>", "the therapist or backup clinician taking it on")
    .option("--json", "print one JSON object", false)
    .action(async (alertArg: string, options: { clinician: string; json: boolean }) => {
      const alertId = parseArg(idArg, alertArg, "<alert>");
      const clinicianId = parseArg(idArg, options.clinician, "--clinician");
      // Loaded before the transaction: a better-sqlite3 transaction is synchronous and cannot await.
      const prompts = await ctx.prompts();
      const { db } = ctx.database();
      const now = ctx.clock.now();
      const result = db.transaction((tx) => {
        if (!getTherapist(tx, clinicianId)) throw new CliUsageError(`--clinician: no clinician with id ${clinicianId}`);
        return acknowledgeAlert(tx, prompts, { alertId, therapistId: clinicianId, via: "cli" }, now);
      });
      if (result.status === "unknown") {
        throw new CliUsageError(`<alert>: clinician ${clinicianId} has no alert ${alertId} to acknowledge`);
      }
      const already = result.status === "already";
      printResult(
        ctx,
        options.json,
        { alertId, status: result.status, acknowledgedBy: already ? result.by : `therapist:${clinicianId}` },
        [already ? `Alert ${alertId} was already acknowledged by ${result.by}.` : `Alert ${alertId} acknowledged.`],
      );
    });
}
