/**
 * `client pause|resume|move|set|invite`: what a practice does to a client between sessions. Each
 * command checks everything before it changes anything, audits what it did, and refuses with exit 2
 * (changing nothing) when the request does not make sense for the client's state.
 */
import type { Command } from "commander";
import { z } from "zod";
import { inviteClientAgain } from "../../admin/client-invite.js";
import { changeClientStatus, type StatusChange, statusChanges } from "../../admin/client-status.js";
import { handOverClient } from "../../admin/hand-over.js";
import type { Tx } from "../../db/connection.js";
import { audit } from "../../db/repos/audit.js";
import {
  type ClientRow,
  getClient,
  getTherapist,
  setClientCheckin,
  setClientLocale,
  setClientRegion,
  setClientTimezone,
} from "../../db/repos/people.js";
import { regionSchema } from "../../practice/settings.js";
import { idArg, localeArg, parseArg, timezoneArg } from "../arguments.js";
import { type CliContext, CliUsageError, printResult } from "../context.js";
import { inviteLines } from "./invite-output.js";

function clientOrFail(tx: Tx, id: number): ClientRow {
  const client = getClient(tx, id);
  if (!client) throw new CliUsageError(`<client>: no client with id ${id}`);
  return client;
}

/** `default` puts a per-client value back to the practice's. */
const orDefault = <T>(schema: z.ZodType<T>) => z.union([z.literal("default").transform(() => null), schema]);

export function registerClientManageCommands(client: Command, ctx: CliContext): void {
  for (const [name, { from, to }] of Object.entries(statusChanges) as Array<
    [StatusChange, (typeof statusChanges)[StatusChange]]
  >) {
    client
      .command(name)
      .description(name === "pause" ? "pause a client's check-ins" : "resume a paused client's check-ins")
      .argument("<client>", "client id")
      .option("--json", "print one JSON object", false)
      .action((clientArg: string, options: { json: boolean }) => {
        const id = parseArg(idArg, clientArg, "<client>");
        const { db } = ctx.database();
        const now = ctx.clock.now();
        db.transaction((tx) => {
          const row = clientOrFail(tx, id);
          if (!changeClientStatus(tx, row, name, "cli", now)) {
            throw new CliUsageError(`<client>: client ${id} is ${row.status}, not ${from}`);
          }
        });
        printResult(ctx, options.json, { clientId: id, status: to }, [`Client ${id} is now ${to}.`]);
      });
  }

  client
    .command("move")
    .description(
      "give a client to another therapist of the same practice (open alerts go with them; the new therapist is told)",
    )
    .argument("<client>", "client id")
    .requiredOption("--therapist <id>", "the new therapist")
    .option("--json", "print one JSON object", false)
    .action(async (clientArg: string, options: { therapist: string; json: boolean }) => {
      const id = parseArg(idArg, clientArg, "<client>");
      const therapistId = parseArg(idArg, options.therapist, "--therapist");
      const prompts = await ctx.prompts();
      const { db } = ctx.database();
      const now = ctx.clock.now();
      const moved = db.transaction((tx) => {
        const row = clientOrFail(tx, id);
        const therapist = getTherapist(tx, therapistId);
        if (!therapist || therapist.practiceId !== row.practiceId) {
          throw new CliUsageError(`--therapist: no therapist with id ${therapistId} in the client's practice`);
        }
        if (!therapist.active) throw new CliUsageError(`--therapist: therapist ${therapistId} is deactivated`);
        if (row.therapistId === therapistId) throw new CliUsageError(`--therapist: client ${id} is already theirs`);
        // Access moves with the client at once; the new therapist hears of every open alert.
        const alertsHandedOver = handOverClient(tx, prompts, row, therapistId, now);
        return { from: row.therapistId, alertsHandedOver };
      });
      const { from, alertsHandedOver } = moved;
      printResult(ctx, options.json, { clientId: id, from, to: therapistId, alertsHandedOver }, [
        `Client ${id} moved from therapist ${from} to therapist ${therapistId}` +
          (alertsHandedOver > 0 ? ` with ${alertsHandedOver} open alert(s), now theirs alone.` : "."),
      ]);
    });

  client
    .command("set")
    .description("change a client's time zone, language, region or check-in ('default' = the practice's)")
    .argument("<client>", "client id")
    .option("--timezone <zone>", "IANA time zone, or 'default'")
    .option("--locale <locale>", "en, sv or zh")
    .option("--region <code>", "two-letter country code for crisis resources, or 'default'")
    .option("--checkin <id>", "check-in definition for the next check-ins")
    .option("--json", "print one JSON object", false)
    .action(
      async (
        clientArg: string,
        options: { timezone?: string; locale?: string; region?: string; checkin?: string; json: boolean },
      ) => {
        const id = parseArg(idArg, clientArg, "<client>");
        const timezone =
          options.timezone === undefined ? undefined : parseArg(orDefault(timezoneArg), options.timezone, "--timezone");
        const locale = options.locale === undefined ? undefined : parseArg(localeArg, options.locale, "--locale");
        const region =
          options.region === undefined ? undefined : parseArg(orDefault(regionSchema), options.region, "--region");
        if (options.checkin !== undefined && !(await ctx.prompts()).checkins.has(options.checkin)) {
          throw new CliUsageError(`--checkin: no check-in named "${options.checkin}"`);
        }
        const changed = Object.entries({ timezone, locale, region, checkin: options.checkin })
          .filter(([, v]) => v !== undefined)
          .map(([k]) => k);
        if (changed.length === 0)
          throw new CliUsageError("give at least one of --timezone, --locale, --region, --checkin");
        const { db } = ctx.database();
        const now = ctx.clock.now();
        db.transaction((tx) => {
          clientOrFail(tx, id);
          if (timezone !== undefined) setClientTimezone(tx, id, timezone);
          if (locale !== undefined) setClientLocale(tx, id, locale);
          if (region !== undefined) setClientRegion(tx, id, region);
          if (options.checkin !== undefined) setClientCheckin(tx, id, options.checkin);
          audit(
            tx,
            { actor: "cli", action: "client.updated", subject: `client:${id}`, detail: { fields: changed.join(",") } },
            now,
          );
        });
        const row = getClient(db, id) as ClientRow;
        printResult(
          ctx,
          options.json,
          { clientId: id, timezone: row.timezone, locale: row.locale, region: row.region, checkinId: row.checkinId },
          [`Client ${id}: ${changed.join(", ")} changed.`],
        );
      },
    );

  client
    .command("invite")
    .description("a new invite code for a client (their earlier unused codes stop working)")
    .argument("<client>", "client id")
    .option("--json", "print one JSON object", false)
    .action((clientArg: string, options: { json: boolean }) => {
      const id = parseArg(idArg, clientArg, "<client>");
      const { db } = ctx.database();
      const now = ctx.clock.now();
      const result = db.transaction((tx) => {
        return inviteClientAgain(tx, clientOrFail(tx, id), "cli", now);
      });
      const link = inviteLines(ctx, result.code, result.expiresAt, result.zone);
      printResult(
        ctx,
        options.json,
        { clientId: id, inviteCode: result.code, inviteExpiresAt: result.expiresAt.toISOString(), ...link.json },
        [`New invite for client ${id}; earlier codes no longer work.`, ...link.human],
      );
    });
}
