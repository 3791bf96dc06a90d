/**
 * `therapist add`: creates a therapist and an invite code that links their chat account, where risk
 * alerts and weekly summaries will arrive.
 */
import type { Command } from "commander";
import { audit } from "../../db/repos/audit.js";
import { createInvite } from "../../db/repos/invites.js";
import { createTherapist, getPractice, getTherapist, listTherapists, setBackupRank } from "../../db/repos/people.js";
import { settingsOf } from "../../practice/settings.js";
import { therapistZone } from "../../practice/zones.js";
import { aliasWarning } from "../alias-warning.js";
import { aliasArg, idArg, localeArg, parseArg, timezoneArg } from "../arguments.js";
import { type CliContext, CliUsageError, printResult } from "../context.js";
import { inviteLines } from "./invite-output.js";
import { registerTherapistAdminCommand } from "./therapist-admin.js";
import { registerTherapistManageCommands } from "./therapist-manage.js";

export function registerTherapistCommands(program: Command, ctx: CliContext): void {
  const therapist = program.command("therapist").description("manage therapists");
  registerTherapistManageCommands(therapist, ctx);
  registerTherapistAdminCommand(therapist, ctx);
  therapist
    .command("add")
    .description("add a therapist (by alias) and print their invite code")
    .requiredOption("--practice <id>", "practice id")
    .requiredOption(
      "--alias <alias>",
      "a pseudonym Interlude refers to the therapist by, e.g. 'T-Lind'; never a real name",
    )
    .option("--locale <locale>", "language for alerts: en, sv or zh")
    .option("--timezone <zone>", "IANA time zone for summaries")
    .option("--json", "print one JSON object", false)
    .action((options: { practice: string; alias: string; locale?: string; timezone?: string; json: boolean }) => {
      const practiceId = parseArg(idArg, options.practice, "--practice");
      const alias = parseArg(aliasArg, options.alias, "--alias");
      const locale = options.locale === undefined ? undefined : parseArg(localeArg, options.locale, "--locale");
      const timezone =
        options.timezone === undefined ? undefined : parseArg(timezoneArg, options.timezone, "--timezone");
      const { db } = ctx.database();
      const now = ctx.clock.now();
      const result = db.transaction((tx) => {
        const practice = getPractice(tx, practiceId);
        if (!practice) throw new CliUsageError(`--practice: no practice with id ${practiceId}`);
        if (listTherapists(tx, practiceId).some((t) => t.alias === alias)) {
          throw new CliUsageError(`--alias: the practice already has a therapist called "${alias}"`);
        }
        const row = createTherapist(
          tx,
          { practiceId, alias, ...(locale ? { locale } : {}), ...(timezone ? { timezone } : {}) },
          now,
        );
        const { code, invite } = createInvite(tx, { therapistId: row.id }, now, settingsOf(practice).inviteTtlDays);
        audit(tx, { actor: "cli", action: "therapist.created", subject: `therapist:${row.id}` }, now);
        return { row, code, expiresAt: invite.expiresAt, zone: therapistZone(tx, row) };
      });
      const link = inviteLines(ctx, result.code, result.expiresAt, result.zone);
      // Only a warning: the therapist is added either way, and the practice decides.
      const warning = aliasWarning(alias, "therapist");
      if (warning) ctx.io.err(warning);
      printResult(
        ctx,
        options.json,
        {
          therapistId: result.row.id,
          alias,
          inviteCode: result.code,
          inviteExpiresAt: result.expiresAt.toISOString(),
          ...link.json,
          ...(warning ? { warnings: [warning] } : {}),
        },
        [`Added therapist ${result.row.id} (${alias}).`, ...link.human],
      );
    });

  therapist
    .command("backup")
    .description("make a clinician a backup contact for unacknowledged risk alerts (rank 1 is asked first)")
    .argument("<therapist>", "therapist id")
    .option("--rank <n>", "place on the escalation ladder: 1, 2, …", "1")
    .option("--remove", "no longer a backup contact", false)
    .option("--json", "print one JSON object", false)
    .action((therapistArg: string, options: { rank: string; remove: boolean; json: boolean }) => {
      const therapistId = parseArg(idArg, therapistArg, "<therapist>");
      const rank = options.remove ? null : parseArg(backupRankArg, options.rank, "--rank");
      const { db } = ctx.database();
      const now = ctx.clock.now();
      db.transaction((tx) => {
        if (!getTherapist(tx, therapistId)) throw new CliUsageError(`<therapist>: no therapist with id ${therapistId}`);
        setBackupRank(tx, therapistId, rank);
        audit(
          tx,
          { actor: "cli", action: "therapist.backup_rank", subject: `therapist:${therapistId}`, detail: { rank } },
          now,
        );
      });
      printResult(ctx, options.json, { therapistId, backupRank: rank }, [
        rank === null
          ? `Therapist ${therapistId} is no longer a backup contact.`
          : `Therapist ${therapistId} is backup contact at rank ${rank}.`,
      ]);
    });
}

const backupRankArg = idArg.max(9, "must be at most 9");
