/**
 * `therapist list|invite|deactivate`. Deactivating a therapist who still has clients needs
 * `--hand-over-to`: no client, and no open alert, is ever left without a responsible clinician.
 * Deactivation ends every view they had and unlinks their chat (src/admin/deactivate-clinician.ts).
 */
import type { Command } from "commander";
import { deactivateClinician } from "../../admin/deactivate-clinician.js";
import type { Tx } from "../../db/connection.js";
import { audit } from "../../db/repos/audit.js";
import { deliveryIdentityForTherapist } from "../../db/repos/identities.js";
import { createInvite } from "../../db/repos/invites.js";
import { getPractice, getTherapist, listClients, listTherapists, type TherapistRow } from "../../db/repos/people.js";
import { settingsOf } from "../../practice/settings.js";
import { therapistZone } from "../../practice/zones.js";
import { idArg, parseArg } from "../arguments.js";
import { type CliContext, CliUsageError, printResult } from "../context.js";
import { inviteLines } from "./invite-output.js";

function therapistOrFail(tx: Tx, id: number, option = "<therapist>"): TherapistRow {
  const therapist = getTherapist(tx, id);
  if (!therapist) throw new CliUsageError(`${option}: no therapist with id ${id}`);
  return therapist;
}

export function registerTherapistManageCommands(therapist: Command, ctx: CliContext): void {
  therapist
    .command("list")
    .description("list therapists: active, backup rank, web-view administrator, linked chat, number of clients")
    .option("--practice <id>", "only this practice")
    .option("--json", "print one JSON object", false)
    .action((options: { practice?: string; json: boolean }) => {
      const practiceId = options.practice === undefined ? undefined : parseArg(idArg, options.practice, "--practice");
      const { db } = ctx.database();
      const rows = listTherapists(db, practiceId).map((t) => ({
        therapistId: t.id,
        practiceId: t.practiceId,
        alias: t.alias,
        active: t.active,
        backupRank: t.backupRank,
        admin: t.admin,
        linkedChat: deliveryIdentityForTherapist(db, t.id)?.platform ?? null,
        clients: listClients(db, { therapistId: t.id }).filter((c) => c.status !== "stopped").length,
      }));
      printResult(
        ctx,
        options.json,
        { therapists: rows },
        rows.length === 0
          ? ["No therapists."]
          : rows.map(
              (r) =>
                `${r.therapistId}\t${r.alias}\t${r.active ? "active" : "deactivated"}\t${r.clients} clients\t${r.linkedChat ?? "no chat"}${r.backupRank ? `\tbackup rank ${r.backupRank}` : ""}${r.admin ? "\tadministrator" : ""}`,
            ),
      );
    });

  therapist
    .command("invite")
    .description("a new invite code for a therapist (their earlier unused codes stop working)")
    .argument("<therapist>", "therapist id")
    .option("--json", "print one JSON object", false)
    .action((therapistArg: string, options: { json: boolean }) => {
      const id = parseArg(idArg, therapistArg, "<therapist>");
      const { db } = ctx.database();
      const now = ctx.clock.now();
      const result = db.transaction((tx) => {
        const row = therapistOrFail(tx, id);
        if (!row.active) throw new CliUsageError(`<therapist>: therapist ${id} is deactivated`);
        const practice = getPractice(tx, row.practiceId);
        const invite = createInvite(tx, { therapistId: id }, now, practice ? settingsOf(practice).inviteTtlDays : 7);
        audit(tx, { actor: "cli", action: "therapist.invited", subject: `therapist:${id}` }, now);
        return { ...invite, zone: therapistZone(tx, row) };
      });
      const link = inviteLines(ctx, result.code, result.invite.expiresAt, result.zone);
      printResult(
        ctx,
        options.json,
        {
          therapistId: id,
          inviteCode: result.code,
          inviteExpiresAt: result.invite.expiresAt.toISOString(),
          ...link.json,
        },
        [`New invite for therapist ${id}; earlier codes no longer work.`, ...link.human],
      );
    });

  therapist
    .command("deactivate")
    .description("deactivate a therapist, handing their clients (and open alerts) to a colleague")
    .argument("<therapist>", "therapist id")
    .option("--hand-over-to <id>", "the colleague who takes over their clients")
    .option("--json", "print one JSON object", false)
    .action(async (therapistArg: string, options: { handOverTo?: string; json: boolean }) => {
      const id = parseArg(idArg, therapistArg, "<therapist>");
      const successorId =
        options.handOverTo === undefined ? undefined : parseArg(idArg, options.handOverTo, "--hand-over-to");
      const prompts = await ctx.prompts();
      const { db } = ctx.database();
      const now = ctx.clock.now();
      const done = db.transaction((tx) => {
        const row = therapistOrFail(tx, id);
        if (!row.active) throw new CliUsageError(`<therapist>: therapist ${id} is already deactivated`);
        const caseload = listClients(tx, { therapistId: id });
        if (caseload.length > 0 && successorId === undefined) {
          throw new CliUsageError(
            `--hand-over-to: therapist ${id} has ${caseload.length} client(s); name the colleague who takes them over`,
          );
        }
        if (successorId !== undefined) {
          const successor = therapistOrFail(tx, successorId, "--hand-over-to");
          if (successor.id === id || successor.practiceId !== row.practiceId || !successor.active) {
            throw new CliUsageError(
              `--hand-over-to: therapist ${successorId} is not an active colleague in the same practice`,
            );
          }
        }
        // Hands the caseload over, then ends every view and unlinks their chats (told once).
        const result = deactivateClinician(tx, prompts, id, successorId, now);
        audit(
          tx,
          {
            actor: "cli",
            action: "therapist.deactivated",
            subject: `therapist:${id}`,
            detail: { handedOverTo: successorId ?? null, clients: result.clientsMoved },
          },
          now,
        );
        return result;
      });
      const { clientsMoved, alertsHandedOver } = done;
      printResult(
        ctx,
        options.json,
        { therapistId: id, handedOverTo: successorId ?? null, clientsMoved, alertsHandedOver },
        [
          `Therapist ${id} is deactivated and their chat unlinked${clientsMoved > 0 ? `; ${clientsMoved} client(s) and ${alertsHandedOver} open alert(s) now with therapist ${successorId}` : ""}.`,
        ],
      );
    });
}
