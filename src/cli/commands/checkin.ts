/**
 * `checkin send`: queues a check-in for a client now. The running Interlude sends it from the outbox.
 */
import type { Command } from "commander";
import { audit } from "../../db/repos/audit.js";
import { getClient } from "../../db/repos/people.js";
import { occurrenceTimeline } from "../../db/repos/timeline.js";
import { Engine } from "../../engine/engine.js";
import { formatLocalTime } from "../../i18n/local-time.js";
import { silentLogger } from "../../logger.js";
import { clientZone } from "../../practice/zones.js";
import { idArg, parseArg } from "../arguments.js";
import { type CliContext, CliUsageError, printResult } from "../context.js";
import { registerCheckinValidateCommand } from "./checkin-validate.js";

const reasons: Record<string, string> = {
  unknown_client: "no client with that id",
  client_not_active: "the client is not active (not yet consented, paused or stopped)",
  no_deliverable_account: "the client has no linked chat account that accepts messages",
  unknown_checkin: "the client's check-in definition is not loaded",
};

export function registerCheckinCommands(program: Command, ctx: CliContext): void {
  const checkin = program.command("checkin").description("check-ins");
  registerCheckinValidateCommand(checkin, ctx);
  checkin
    .command("send")
    .description("queue a check-in for a client now")
    .requiredOption("--client <id>", "client id")
    .option("--json", "print one JSON object", false)
    .action(async (options: { client: string; json: boolean }) => {
      const clientId = parseArg(idArg, options.client, "--client");
      const prompts = await ctx.prompts();
      const { db } = ctx.database();
      const engine = new Engine({ db, clock: ctx.clock, prompts, logger: silentLogger });
      const result = engine.startCheckin(clientId);
      if (result.status === "skipped") throw new CliUsageError(`--client: ${reasons[result.reason] ?? result.reason}`);
      if (result.status === "duplicate") throw new CliUsageError("--client: that check-in was already queued");
      audit(
        db,
        {
          actor: "cli",
          action: "checkin.queued",
          subject: `client:${clientId}`,
          detail: { occurrence: result.occurrenceId },
        },
        ctx.clock.now(),
      );
      printResult(ctx, options.json, { clientId, occurrenceId: result.occurrenceId }, [
        `Queued check-in ${result.occurrenceId} for client ${clientId}; the running Interlude sends it.`,
      ]);
    });

  checkin
    .command("timeline")
    .description("a client's check-ins: intended, created, sent, reminded, first answer, outcome")
    .requiredOption("--client <id>", "client id")
    .option("--json", "print one JSON object", false)
    .action((options: { client: string; json: boolean }) => {
      const clientId = parseArg(idArg, options.client, "--client");
      const { db } = ctx.database();
      const client = getClient(db, clientId);
      if (!client) throw new CliUsageError(`--client: no client with id ${clientId}`);
      const zone = clientZone(db, client);
      const entries = occurrenceTimeline(db, clientId);
      audit(db, { actor: "cli", action: "checkin.timeline_viewed", subject: `client:${clientId}` }, ctx.clock.now());
      const time = (d: Date | null) => (d ? formatLocalTime(d, zone) : "-");
      printResult(
        ctx,
        options.json,
        { clientId, occurrences: entries },
        entries.length === 0
          ? ["No check-ins yet."]
          : entries.map(
              (e) =>
                `${e.occurrenceId}\t${e.status}\tintended ${time(e.intendedFor)}\tsent ${time(e.sentAt)}\treminded ${time(e.remindedAt)}\tanswered ${time(e.firstAnswerAt)}\tclosed ${time(e.closedAt)}`,
            ),
      );
    });
}
