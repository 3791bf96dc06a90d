/**
 * `therapist admin <therapist> --on|--off`: makes a therapist a practice administrator in the web
 * view (practice settings, the audit log, every client's invites and schedules), or no longer one.
 * Set only here, at the terminal: nobody can make themselves an administrator from the web view.
 */
import type { Command } from "commander";
import { audit } from "../../db/repos/audit.js";
import { getTherapist, setTherapistAdmin } from "../../db/repos/people.js";
import { idArg, parseArg } from "../arguments.js";
import { type CliContext, CliUsageError, printResult } from "../context.js";

export function registerTherapistAdminCommand(therapist: Command, ctx: CliContext): void {
  therapist
    .command("admin")
    .description("make a therapist a practice administrator in the web view (--on), or no longer one (--off)")
    .argument("<therapist>", "therapist id")
    .option("--on", "an administrator", false)
    .option("--off", "no longer an administrator", false)
    .option("--json", "print one JSON object", false)
    .action((therapistArg: string, options: { on: boolean; off: boolean; json: boolean }) => {
      const therapistId = parseArg(idArg, therapistArg, "<therapist>");
      if (options.on === options.off) throw new CliUsageError("--on or --off: give exactly one of them");
      const admin = options.on;
      const { db } = ctx.database();
      const now = ctx.clock.now();
      db.transaction((tx) => {
        const row = getTherapist(tx, therapistId);
        if (!row) throw new CliUsageError(`<therapist>: no therapist with id ${therapistId}`);
        if (admin && !row.active) throw new CliUsageError(`<therapist>: therapist ${therapistId} is deactivated`);
        setTherapistAdmin(tx, therapistId, admin);
        audit(
          tx,
          { actor: "cli", action: "therapist.admin", subject: `therapist:${therapistId}`, detail: { admin } },
          now,
        );
      });
      printResult(ctx, options.json, { therapistId, admin }, [
        admin
          ? `Therapist ${therapistId} is a practice administrator in the web view.`
          : `Therapist ${therapistId} is no longer a practice administrator.`,
      ]);
    });
}
