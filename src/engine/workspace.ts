/**
 * The therapist's workspace in chat: `/invite`, `/reinvite`, `/clients`, `/pause`, `/resume`,
 * `/schedule` and `/language` for a linked clinician's own clients (clinician-commands.ts hands them
 * here once it has checked the clinician is active). The rules every one of them keeps:
 *   - only the clinician's current caseload is reachable (src/safety/alert-access.ts decides): an alias
 *     that is another therapist's client, or a backup contact's view of one, gets exactly the answer an
 *     alias nobody has gets, so nothing about other caseloads can be learnt by trying;
 *   - words that do not fit the command get its usage and change nothing;
 *   - every change and every read is audited under the clinician, about the client (`client:N`).
 * An alias is the first word of the arguments, as for /session.
 */
import type { ClinicianText } from "../safety/clinician-text.js";
import { runSettingCommand, runStatusCommand } from "./client-settings.js";
import { runClientsCommand } from "./clients-command.js";
import { runInviteCommand, runReinviteCommand } from "./invite-commands.js";
import type { Turn } from "./turn.js";

export const workspaceCommands = ["invite", "reinvite", "clients", "pause", "resume", "schedule", "language"] as const;
export type WorkspaceCommand = (typeof workspaceCommands)[number];

export function isWorkspaceCommand(name: string): name is WorkspaceCommand {
  return (workspaceCommands as readonly string[]).includes(name);
}

export function runWorkspaceCommand(
  turn: Turn,
  view: ClinicianText,
  therapistId: number,
  name: WorkspaceCommand,
  args: string,
): void {
  switch (name) {
    case "invite":
      return runInviteCommand(turn, view, therapistId, args);
    case "reinvite":
      return runReinviteCommand(turn, view, therapistId, args);
    case "clients":
      return runClientsCommand(turn, view, therapistId, args);
    case "pause":
    case "resume":
      return runStatusCommand(turn, view, therapistId, name, args);
    case "schedule":
    case "language":
      return runSettingCommand(turn, view, therapistId, name, args);
  }
}
