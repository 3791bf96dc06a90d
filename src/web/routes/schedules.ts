/**
 * GET /schedules, POST /schedules (a client's own check-in schedule), POST /schedules/clear (back to
 * the therapist's or practice's), POST /schedules/sessions (session words: plan, move, cancel, …).
 * The same checks and words as `schedule set` and `session plan` at the CLI (schedule-fields.ts,
 * session-words.ts); a refusal changes nothing and shows the problem beside its field. A therapist
 * reaches their own current clients, an administrator the practice's (scope.ts); any other id is not
 * found. The preview of the next sends is `schedule show`'s (upcoming-sends.ts).
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import { DateTime } from "luxon";
import { audit } from "../../db/repos/audit.js";
import type { ClientRow } from "../../db/repos/people.js";
import { clearSchedule, type ScheduleRow, scheduleFor, setSchedule } from "../../db/repos/schedules.js";
import { sessionsBetween } from "../../db/repos/sessions.js";
import { formatLocalTime } from "../../i18n/local-time.js";
import { clientZone } from "../../practice/zones.js";
import type { SendMove } from "../../schedule/explain-send.js";
import { parseScheduleFields, type ScheduleField, type ScheduleFields } from "../../schedule/schedule-fields.js";
import { upcomingSends } from "../../schedule/upcoming-sends.js";
import { applySessionAction } from "../../sessions/plan.js";
import { parseSessionWords, planRefusals, refusalOf } from "../../sessions/session-words.js";
import { sessionActionForms } from "../../sessions/spec.js";
import { type Clinician, signedInClinician } from "../auth/signed-in.js";
import { formId, manageableClient, manageableClients } from "../manage/scope.js";
import { type SchedulesPageInput, schedulesPage } from "../views/schedules-page.js";
import type { WebContext } from "../web-context.js";

type Extra = Pick<SchedulesPageInput, "notice" | "scheduleErrors" | "sessionError" | "sessionWords"> & {
  typed?: ScheduleFields | undefined;
};

const previewCount = 5;
const dayMs = 86_400_000;

/** The clients whose schedules one manages: a stopped client gets no check-ins to schedule. */
const current = (clients: ClientRow[]) => clients.filter((c) => c.status !== "stopped");

function valuesOf(schedule: ScheduleRow | undefined): ScheduleFields {
  if (!schedule) return { spec: "", jitter: "0" };
  return {
    spec: schedule.spec,
    quiet: schedule.quietStart && schedule.quietEnd ? `${schedule.quietStart}-${schedule.quietEnd}` : "",
    jitter: String(schedule.jitterMinutes),
    from: schedule.activeFrom ?? "",
    until: schedule.activeUntil ?? "",
  };
}

/** A text field of the form, or "" (an absent optional field is "not set"). */
const field = (body: Record<string, unknown>, name: string) =>
  typeof body[name] === "string" ? (body[name] as string).trim() : "";

/** Why a send moved, in the clinician's words (the CLI prints the same rules in English). */
function moveWords(clinician: Clinician, move: SendMove): string {
  const { view } = clinician;
  if (move.kind === "delay") return view.t("web_admin.moved_delay", { minutes: move.minutes });
  if (move.kind === "quiet") return view.t("web_admin.moved_quiet", { start: move.start, end: move.end });
  return view.t("web_admin.moved_clock_gap", { time: move.time, date: move.date });
}

export function registerSchedules(app: FastifyInstance, ctx: WebContext): void {
  const show = (
    reply: FastifyReply,
    clinician: Clinician,
    client: ClientRow | undefined,
    extra: Extra,
    status = 200,
  ) => {
    const now = ctx.clock.now();
    const actor = `therapist:${clinician.therapistId}` as const;
    const rows = current(manageableClients(ctx.db, clinician)).map((c) => ({
      client: c,
      schedule: scheduleFor(ctx.db, c),
    }));
    audit(
      ctx.db,
      client
        ? { actor, action: "schedule.viewed", subject: `client:${client.id}` }
        : { actor, action: "web.schedules_viewed", subject: actor, detail: { clients: rows.length } },
      now,
    );
    let selected: SchedulesPageInput["selected"];
    if (client) {
      const zone = clientZone(ctx.db, client);
      const schedule = scheduleFor(ctx.db, client);
      const target = {
        kind: "client" as const,
        id: client.id,
        scope: { practiceId: client.practiceId, clientId: client.id },
        zone,
      };
      const upcoming = schedule ? upcomingSends(ctx.db, schedule, target, now, previewCount) : [];
      const sessions = sessionsBetween(ctx.db, client.id, new Date(now.getTime() - 28 * dayMs), new Date(8.64e15));
      selected = {
        client,
        zone,
        schedule,
        values: extra.typed ?? valuesOf(schedule),
        upcoming: upcoming.map((u) => ({
          at: formatLocalTime(u.sendAt, zone, { weekday: true }),
          reasons: u.moves.map((move) => moveWords(clinician, move)),
        })),
        sessions: sessions.map((row) => ({
          row,
          at: formatLocalTime(row.startsAt, zone, { weekday: true }),
          localDate: DateTime.fromJSDate(row.startsAt, { zone }).toISODate() ?? "",
          cancellable: row.status === "planned" && row.startsAt.getTime() > now.getTime(),
        })),
      };
    }
    const html = schedulesPage({
      text: clinician.view,
      signedIn: clinician.frame,
      rows,
      selected,
      sessionForms: sessionActionForms,
      ...extra,
    });
    return reply.code(status).type("text/html; charset=utf-8").send(html);
  };

  /** The client a form names by id, if one manages them now (and they have not stopped). */
  const formClient = (clinician: Clinician, value: unknown) => {
    const id = formId(value);
    const client = id === undefined ? undefined : manageableClient(ctx.db, clinician, id);
    return client && client.status !== "stopped" ? client : undefined;
  };

  app.get<{ Querystring: { client?: string } }>("/schedules", async (request, reply) => {
    const clinician = await signedInClinician(ctx, request, reply);
    if (!clinician) return reply;
    if (request.query.client === undefined) return show(reply, clinician, undefined, {});
    const client = formClient(clinician, request.query.client);
    if (!client) return reply.callNotFound();
    return show(reply, clinician, client, {});
  });

  app.post<{ Body: Record<string, unknown> }>("/schedules", async (request, reply) => {
    const clinician = await signedInClinician(ctx, request, reply);
    if (!clinician) return reply;
    const client = formClient(clinician, request.body.clientId);
    if (!client) return reply.callNotFound();
    const optional = (name: string) => field(request.body, name) || undefined;
    const typed: ScheduleFields = {
      spec: field(request.body, "spec"),
      quiet: optional("quiet"),
      jitter: field(request.body, "jitter") || "0",
      from: optional("from"),
      until: optional("until"),
    };
    const parsed = parseScheduleFields(typed);
    if ("problems" in parsed) {
      const scheduleErrors: Partial<Record<ScheduleField, string>> = {};
      for (const p of parsed.problems)
        scheduleErrors[p.field] = [scheduleErrors[p.field], p.message].filter(Boolean).join("; ");
      return show(reply, clinician, client, { typed, scheduleErrors }, 400);
    }
    const now = ctx.clock.now();
    const row = ctx.db.transaction((tx) => {
      const anchor = DateTime.fromJSDate(now, { zone: clientZone(tx, client) }).toISODate() ?? "1970-01-01";
      const saved = setSchedule(tx, { practiceId: client.practiceId, clientId: client.id }, parsed.input, now, anchor);
      audit(
        tx,
        {
          actor: `therapist:${clinician.therapistId}`,
          action: "schedule.set",
          subject: `schedule:${saved.id}`,
          detail: { cron: saved.cron, client: client.id },
        },
        now,
      );
      return saved;
    });
    const notice = clinician.view.t("web_admin.schedule_saved", { alias: client.alias, spec: row.spec });
    return show(reply, clinician, client, { notice });
  });

  app.post<{ Body: Record<string, unknown> }>("/schedules/clear", async (request, reply) => {
    const clinician = await signedInClinician(ctx, request, reply);
    if (!clinician) return reply;
    const client = formClient(clinician, request.body.clientId);
    if (!client) return reply.callNotFound();
    const now = ctx.clock.now();
    const done = ctx.db.transaction((tx) => {
      const cleared = clearSchedule(tx, { practiceId: client.practiceId, clientId: client.id });
      if (cleared) {
        audit(
          tx,
          { actor: `therapist:${clinician.therapistId}`, action: "schedule.cleared", subject: `client:${client.id}` },
          now,
        );
      }
      return cleared;
    });
    const notice = clinician.view.t(done ? "web_admin.schedule_cleared" : "web_admin.schedule_nothing_to_clear", {
      alias: client.alias,
    });
    return show(reply, clinician, client, { notice });
  });

  app.post<{ Body: Record<string, unknown> }>("/schedules/sessions", async (request, reply) => {
    const clinician = await signedInClinician(ctx, request, reply);
    if (!clinician) return reply;
    const client = formClient(clinician, request.body.clientId);
    if (!client) return reply.callNotFound();
    const words = field(request.body, "words");
    const parsed = parseSessionWords(words);
    if ("problem" in parsed)
      return show(reply, clinician, client, { sessionError: parsed.problem, sessionWords: words }, 400);
    const now = ctx.clock.now();
    // "chat": planned by the client's clinician, as in chat, never by a calendar import or the CLI.
    const outcome = ctx.db.transaction((tx) =>
      applySessionAction(tx, client, parsed.action, {
        source: "chat",
        actor: `therapist:${clinician.therapistId}`,
        now,
      }),
    );
    const refusal = refusalOf(outcome);
    if (refusal)
      return show(reply, clinician, client, { sessionError: planRefusals[refusal], sessionWords: words }, 400);
    const notice = clinician.view.t("web_admin.session_done", { alias: client.alias });
    return show(reply, clinician, client, { notice });
  });
}
