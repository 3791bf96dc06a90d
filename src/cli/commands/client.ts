/**
 * `client add` and `client list`. Clients are known by an alias the therapist chooses: never a name.
 */
import type { Command } from "commander";
import { addClient } from "../../admin/client-invite.js";
import { audit } from "../../db/repos/audit.js";
import { lastAnswerTimes } from "../../db/repos/caseload.js";
import { listClients } from "../../db/repos/people.js";
import { formatLocalTime } from "../../i18n/local-time.js";
import { clientZone } from "../../practice/zones.js";
import { aliasWarning } from "../alias-warning.js";
import { aliasArg, idArg, localeArg, parseArg, timezoneArg } from "../arguments.js";
import { type CliContext, CliUsageError, printResult } from "../context.js";
import { registerClientManageCommands } from "./client-manage.js";
import { registerClientPrivacyCommands } from "./client-privacy.js";
import { inviteLines } from "./invite-output.js";

interface AddOptions {
  therapist: string;
  alias: string;
  locale?: string;
  timezone?: string;
  checkin?: string;
  json: boolean;
}

export function registerClientCommands(program: Command, ctx: CliContext): void {
  const client = program.command("client").description("manage clients");
  client
    .command("add")
    .description("add a client by alias (never a real name) and print their invite code")
    .requiredOption("--therapist <id>", "the responsible therapist's id")
    .requiredOption("--alias <alias>", "a pseudonym the therapist recognises, e.g. 'Oak-7'; never a real name")
    .option("--locale <locale>", "client language: en, sv or zh (default: the practice's)")
    .option("--timezone <zone>", "client IANA time zone (default: the practice's)")
    .option("--checkin <id>", "check-in definition (default: the practice's)")
    .option("--json", "print one JSON object", false)
    .action((options: AddOptions) => addClientCommand(ctx, options));

  client
    .command("list")
    .description("list clients with status and last answer")
    .option("--practice <id>", "only this practice")
    .option("--therapist <id>", "only this therapist's clients")
    .option("--json", "print one JSON object", false)
    .action((options: { practice?: string; therapist?: string; json: boolean }) => {
      const filter = {
        ...(options.practice === undefined ? {} : { practiceId: parseArg(idArg, options.practice, "--practice") }),
        ...(options.therapist === undefined ? {} : { therapistId: parseArg(idArg, options.therapist, "--therapist") }),
      };
      const { db } = ctx.database();
      const shown: string[] = [];
      const listed = listClients(db, filter);
      const lastAnswers = lastAnswerTimes(
        db,
        listed.map((row) => row.id),
      );
      const rows = listed.map((row) => {
        const lastAt = lastAnswers.get(row.id);
        shown.push(lastAt ? formatLocalTime(lastAt, clientZone(db, row)) : "never");
        return {
          clientId: row.id,
          alias: row.alias,
          therapistId: row.therapistId,
          status: row.status,
          locale: row.locale,
          lastAnswerAt: lastAt?.toISOString() ?? null,
        };
      });
      // Listing shows aliases: a read of client data, so it is audited like any other.
      audit(
        db,
        { actor: "cli", action: "clients.listed", subject: "clients", detail: { ...filter, clients: rows.length } },
        ctx.clock.now(),
      );
      printResult(
        ctx,
        options.json,
        { clients: rows },
        rows.length === 0
          ? ["No clients."]
          : rows.map(
              (r, i) =>
                `${r.clientId}\t${r.alias}\ttherapist ${r.therapistId}\t${r.status}\t${r.locale}\tlast answer ${shown[i]}`,
            ),
      );
    });
  registerClientManageCommands(client, ctx);
  registerClientPrivacyCommands(client, ctx);
}

async function addClientCommand(ctx: CliContext, options: AddOptions): Promise<void> {
  const therapistId = parseArg(idArg, options.therapist, "--therapist");
  const alias = parseArg(aliasArg, options.alias, "--alias");
  const localeOption = options.locale === undefined ? undefined : parseArg(localeArg, options.locale, "--locale");
  const timezone = options.timezone === undefined ? undefined : parseArg(timezoneArg, options.timezone, "--timezone");
  const known = (await ctx.prompts()).checkins;
  const unknownCheckin = (id: string) =>
    new CliUsageError(`--checkin: no check-in named "${id}" (known: ${[...known.keys()].join(", ")})`);
  // An explicit one is checked before the database is opened; the practice's default inside.
  if (options.checkin !== undefined && !known.has(options.checkin)) throw unknownCheckin(options.checkin);
  const { db } = ctx.database();
  const now = ctx.clock.now();
  const result = db.transaction((tx) => {
    const added = addClient(
      tx,
      { therapistId, alias, locale: localeOption, timezone, checkinId: options.checkin },
      known,
      "cli",
      now,
    );
    if (!("refused" in added)) return added;
    switch (added.refused) {
      case "no_therapist":
        throw new CliUsageError(`--therapist: no therapist with id ${therapistId}`);
      case "no_practice":
        throw new CliUsageError(`--therapist: therapist ${therapistId} has no practice`);
      case "alias_taken":
        throw new CliUsageError(`--alias: the practice already has a client called "${alias}"`);
      case "unknown_checkin":
        throw unknownCheckin(added.checkinId);
    }
  });
  const link = inviteLines(ctx, result.code, result.expiresAt, result.zone);
  // Only a warning: the client is added either way, and the practice decides.
  const warning = aliasWarning(alias, "client");
  if (warning) ctx.io.err(warning);
  printResult(
    ctx,
    options.json,
    {
      clientId: result.client.id,
      alias,
      therapistId,
      locale: result.client.locale,
      inviteCode: result.code,
      inviteExpiresAt: result.expiresAt.toISOString(),
      ...link.json,
      ...(warning ? { warnings: [warning] } : {}),
    },
    [`Added client ${result.client.id} (${alias}).`, ...link.human],
  );
}
