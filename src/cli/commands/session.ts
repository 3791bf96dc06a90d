/**
 * `session plan`, `session list` and `session import`: a client's sessions from the command line, in
 * the same words a therapist uses in chat (src/sessions/spec.ts), and a practice's calendar file read
 * into sessions (src/sessions/calendar-import.ts). Bad words or a bad file change nothing.
 */
import type { Command } from "commander";
import { getClient } from "../../db/repos/people.js";
import { sessionsBetween } from "../../db/repos/sessions.js";
import { formatLocalTime } from "../../i18n/local-time.js";
import { clientZone } from "../../practice/zones.js";
import { CalendarFileError, describeImport, importCalendar } from "../../sessions/calendar-import.js";
import { applySessionAction, type PlanOutcome } from "../../sessions/plan.js";
import { parseSessionWords, planRefusals, refusalOf } from "../../sessions/session-words.js";
import { sessionActionForms } from "../../sessions/spec.js";
import { NotUtf8Error, readUtf8File } from "../../text/utf8-file.js";
import { idArg, parseArg } from "../arguments.js";
import { type CliContext, CliUsageError, printResult } from "../context.js";

/** The outcome in one line, with the session's time in the client's zone. */
function describe(outcome: PlanOutcome, zone: string): string {
  const at = (s: { startsAt: Date }) => formatLocalTime(s.startsAt, zone);
  switch (outcome.status) {
    case "planned":
      return `Planned session ${outcome.session.id}: ${at(outcome.session)}, ${outcome.session.durationMinutes} min.`;
    case "moved":
      return `Moved session ${outcome.session.id} to ${at(outcome.session)}.`;
    case "series":
      return `Weekly sessions planned (series ${outcome.series.id})${outcome.first ? `, the first ${at(outcome.first)}` : ""}.`;
    case "cancelled":
      return `Cancelled ${outcome.sessions.map((s) => `session ${s.id} (${at(s)})`).join(", ")}.`;
    case "no_show":
      return `Session ${outcome.session.id} (${at(outcome.session)}) is marked as missed.`;
    case "series_stopped":
      return `Ended ${outcome.series} weekly series; ${outcome.cancelled} planned sessions cancelled.`;
    case "in_past":
    case "not_yet":
    case "none":
      return "";
  }
}

export function registerSessionCommands(program: Command, ctx: CliContext): void {
  const session = program.command("session").description("a client's sessions, and calendar import");

  session
    .command("plan")
    .description(`plan, move, cancel or mark a client's session: ${sessionActionForms}`)
    .requiredOption("--client <id>", "client id")
    .argument("<words...>", "what to do, in the client's local time")
    .option("--json", "print one JSON object", false)
    .action((words: string[], options: { client: string; json: boolean }) => {
      const clientId = parseArg(idArg, options.client, "--client");
      const parsed = parseSessionWords(words.join(" "));
      if ("problem" in parsed) throw new CliUsageError(`words: ${parsed.problem}`);
      const { action } = parsed;
      const { db } = ctx.database();
      const outcome = db.transaction((tx) => {
        const client = getClient(tx, clientId);
        if (!client || client.status === "stopped") throw new CliUsageError("--client: no active client with that id");
        return applySessionAction(tx, client, action, { source: "cli", actor: "cli", now: ctx.clock.now() });
      });
      const refusal = refusalOf(outcome);
      if (refusal) throw new CliUsageError(`words: ${planRefusals[refusal]}`);
      const client = getClient(db, clientId);
      const zone = client ? clientZone(db, client) : "UTC";
      printResult(ctx, options.json, { clientId, outcome: outcome.status }, [describe(outcome, zone)]);
    });

  session
    .command("list")
    .description("a client's sessions, the last 4 weeks and everything ahead")
    .requiredOption("--client <id>", "client id")
    .option("--json", "print one JSON object", false)
    .action((options: { client: string; json: boolean }) => {
      const clientId = parseArg(idArg, options.client, "--client");
      const { db } = ctx.database();
      const client = getClient(db, clientId);
      if (!client) throw new CliUsageError("--client: no client with that id");
      const now = ctx.clock.now();
      const rows = sessionsBetween(db, clientId, new Date(now.getTime() - 28 * 86_400_000), new Date(8.64e15));
      const zone = clientZone(db, client);
      const listed = rows.map((s) => ({
        id: s.id,
        startsAt: s.startsAt.toISOString(),
        minutes: s.durationMinutes,
        status: s.status,
        source: s.source,
      }));
      printResult(
        ctx,
        options.json,
        { clientId, sessions: listed },
        rows.length === 0
          ? [`No sessions for client ${clientId} in the last 4 weeks or ahead.`]
          : rows.map(
              (s) =>
                `${s.id}  ${formatLocalTime(s.startsAt, zone)}  ${s.durationMinutes} min  ${s.status}  (${s.source})`,
            ),
      );
    });

  session
    .command("import")
    .description("read a calendar file (.ics) into sessions: only events whose title names a client's alias")
    .argument("<file>", "the calendar file")
    .requiredOption("--practice <id>", "the practice whose clients the events are matched to")
    .option("--therapist <id>", "the file is this therapist's calendar: only their clients are matched")
    .option("--json", "print one JSON object", false)
    .action((file: string, options: { practice: string; therapist?: string; json: boolean }) => {
      const practiceId = parseArg(idArg, options.practice, "--practice");
      const therapistId =
        options.therapist === undefined ? undefined : parseArg(idArg, options.therapist, "--therapist");
      let text: string;
      try {
        text = readUtf8File(file);
      } catch (error) {
        if (error instanceof NotUtf8Error) throw new CliUsageError(`${file}: ${error.message}`);
        throw new CliUsageError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
      }
      const { db } = ctx.database();
      let report: ReturnType<typeof importCalendar>;
      try {
        report = importCalendar(db, text, {
          practiceId,
          ...(therapistId === undefined ? {} : { therapistId }),
          actor: "cli",
          now: ctx.clock.now(),
        });
      } catch (error) {
        if (error instanceof CalendarFileError) throw new CliUsageError(`${file}: ${error.message}`);
        throw error;
      }
      printResult(ctx, options.json, { practiceId, ...report }, [`${describeImport(report)}.`]);
    });
}
