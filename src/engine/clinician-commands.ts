/**
 * What a linked clinician (therapist or backup contact) can do in chat: list the open alerts they may
 * see, and acknowledge one; read summaries; plan their own clients' sessions (session-commands.ts);
 * invite, list and manage their own clients (workspace.ts). Everything else gets the clinician help
 * text. Clients never reach this.
 * What they may see is decided by src/safety/alert-access.ts; a clinician whose role has ended is
 * unlinked here if that did not already happen at deactivation (one deactivated before the rule).
 */
import { z } from "zod";
import { triggersOf } from "../db/repos/alerts.js";
import { audit } from "../db/repos/audit.js";
import { getClient } from "../db/repos/people.js";
import type { MessageKey } from "../prompts/message-keys.js";
import { acknowledgeAlert } from "../safety/acknowledge.js";
import { openAlertsVisibleTo } from "../safety/alert-access.js";
import type { ClinicianText } from "../safety/clinician-text.js";
import { activeClinician } from "./active-clinician.js";
import { runSessionCommand, runSessionsCommand } from "./session-commands.js";
import { runSummaryCommand } from "./summary-command.js";
import type { Turn } from "./turn.js";
import { runWebCommand } from "./web-command.js";
import { isWorkspaceCommand, runWorkspaceCommand } from "./workspace.js";

const alertNumberSchema = z
  .string()
  .trim()
  .regex(/^#?\d{1,9}$/)
  .transform((s) => Number(s.replace("#", "")));

/** Longest stretch of a client's words shown in an alert list. */
const wordsShown = 300;

export function runClinicianCommand(turn: Turn, therapistId: number, name: string, args: string): void {
  const view = activeClinician(turn, therapistId);
  if (!view) return;
  const say = (message: string) => void turn.out.say(turn.to, message);
  switch (name) {
    case "ack":
      return acknowledge(turn, view, therapistId, args, say);
    case "alerts":
      return say(listAlerts(turn, view, therapistId));
    case "summary":
      return runSummaryCommand(turn, view, therapistId, args);
    case "session":
      return runSessionCommand(turn, view, therapistId, args);
    case "sessions":
      return runSessionsCommand(turn, view, therapistId, args);
    case "web":
      return runWebCommand(turn, view, therapistId);
    default:
      if (isWorkspaceCommand(name)) return runWorkspaceCommand(turn, view, therapistId, name, args);
      return say(`${view.t("clinician.help")}\n${view.t("workspace.help")}`);
  }
}

function acknowledge(turn: Turn, view: ClinicianText, therapistId: number, args: string, say: (m: string) => void) {
  const parsed = alertNumberSchema.safeParse(args);
  if (!parsed.success) return say(view.t("clinician.ack_usage"));
  const result = acknowledgeAlert(turn.tx, turn.prompts, { alertId: parsed.data, therapistId, via: "chat" }, turn.now);
  switch (result.status) {
    case "unknown":
      return say(view.t("clinician.ack_unknown", { alert: parsed.data }));
    case "already":
      return say(
        view.t("clinician.ack_already", {
          alert: result.alert.id,
          clinician: result.by,
          time: view.time(result.alert.acknowledgedAt as Date),
        }),
      );
    case "acknowledged": {
      const alias = getClient(turn.tx, result.alert.clientId)?.alias ?? "?";
      return say(view.t("clinician.acknowledged", { alert: result.alert.id, alias }));
    }
  }
}

function listAlerts(turn: Turn, view: ClinicianText, therapistId: number): string {
  const open = openAlertsVisibleTo(turn.tx, therapistId);
  // Reading alerts reads client data (their words): audited like every other read.
  audit(
    turn.tx,
    {
      actor: `therapist:${therapistId}`,
      action: "alerts.viewed",
      subject: `therapist:${therapistId}`,
      detail: { alerts: open.length },
    },
    turn.now,
  );
  if (open.length === 0) return view.t("clinician.alerts_none");
  const lines = [view.t("clinician.alerts_header")];
  for (const alert of open) {
    const triggers = triggersOf(turn.tx, alert.id);
    lines.push(
      view.t("clinician.alerts_line", {
        alert: alert.id,
        alias: getClient(turn.tx, alert.clientId)?.alias ?? "?",
        kind: view.kind(alert.kind),
        time: view.time(alert.openedAt),
        signals: triggers.length === 0 ? 1 : triggers.length,
      }),
    );
    for (const trigger of triggers.filter((t) => t.text).slice(-2)) {
      const words = [...(trigger.text as string)];
      const shown = words.length > wordsShown ? `${words.slice(0, wordsShown).join("")}…` : words.join("");
      lines.push(view.t("clinician.alerts_words", { words: shown }));
    }
    if (alert.followUpAnswer) {
      const key = `follow_up.${alert.followUpAnswer}` as MessageKey;
      lines.push(view.t("clinician.alerts_follow_up", { answer: view.t(key) }));
    }
  }
  return lines.join("\n");
}
