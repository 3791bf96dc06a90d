/**
 * A clinician's `/session ALIAS …` and `/sessions ALIAS` in chat: planning their own clients'
 * sessions (src/sessions/ does the planning) and listing them. Only the clinician's current caseload
 * is reachable: an alias that is someone else's client gets the same answer as one that does not
 * exist, and words that are not a session action get the usage line and change nothing. Every change
 * is audited under the clinician.
 */
import { DateTime } from "luxon";
import { audit } from "../db/repos/audit.js";
import type { ClientRow } from "../db/repos/people.js";
import { type SessionRow, sessionsBetween } from "../db/repos/sessions.js";
import type { SessionStatus } from "../db/schema.js";
import type { Locale } from "../i18n/locales.js";
import { intlLocales, sessionTimeText } from "../i18n/session-day.js";
import type { MessageKey } from "../prompts/message-keys.js";
import type { ClinicianText } from "../safety/clinician-text.js";
import { applySessionAction, type PlanOutcome } from "../sessions/plan.js";
import { type SessionAction, sessionActionSchema } from "../sessions/spec.js";
import { aliasAndRest, ownClient } from "./own-client.js";
import type { Turn } from "./turn.js";

/** How far back `/sessions` looks; everything planned ahead is shown. */
const listBackDays = 28;

const statusKeys: Record<SessionStatus, MessageKey> = {
  planned: "clinician.session_status_planned",
  held: "clinician.session_status_held",
  cancelled: "clinician.session_status_cancelled",
  no_show: "clinician.session_status_no_show",
};

function dayOf(session: Pick<SessionRow, "startsAt" | "timezone">, locale: Locale): string {
  return DateTime.fromJSDate(session.startsAt, { zone: session.timezone })
    .setLocale(intlLocales[locale])
    .toLocaleString({ weekday: "short", day: "numeric", month: "short" });
}

/** One of the clinician's own clients who has not stopped: nobody plans sessions for one who has. */
function plannableClient(turn: Turn, therapistId: number, alias: string): ClientRow | undefined {
  const client = ownClient(turn.tx, therapistId, alias);
  return client?.status === "stopped" ? undefined : client;
}

export function runSessionCommand(turn: Turn, view: ClinicianText, therapistId: number, args: string): void {
  const say = (message: string) => void turn.out.say(turn.to, message);
  const [alias, rest] = aliasAndRest(args);
  const parsed = sessionActionSchema.safeParse(rest);
  if (alias === "" || !parsed.success) return say(view.t("clinician.session_usage"));
  const action = parsed.data;
  const client = plannableClient(turn, therapistId, alias);
  if (!client) return say(view.t("summary.unknown_alias", { alias: alias.slice(0, 40) }));
  const outcome = applySessionAction(turn.tx, client, action, {
    source: "chat",
    actor: `therapist:${therapistId}`,
    now: turn.now,
  });
  say(describeOutcome(view, client.alias, outcome, action, rest));
}

function describeOutcome(
  view: ClinicianText,
  alias: string,
  outcome: PlanOutcome,
  action: SessionAction,
  words: string,
): string {
  const { locale } = view;
  switch (outcome.status) {
    case "planned":
      return view.t("clinician.session_planned", { alias, when: sessionTimeText(outcome.session, locale) });
    case "moved":
      return view.t("clinician.session_moved", { alias, when: sessionTimeText(outcome.session, locale) });
    case "series":
      return view.t("clinician.session_series", {
        alias,
        when: outcome.first ? sessionTimeText(outcome.first, locale) : outcome.series.startsOn,
      });
    case "cancelled":
      return view.t("clinician.session_cancelled", {
        alias,
        when: outcome.sessions.map((s) => sessionTimeText(s, locale)).join(", "),
      });
    case "no_show":
      return view.t("clinician.session_no_show", { alias, when: dayOf(outcome.session, locale) });
    case "series_stopped":
      return view.t("clinician.session_series_stopped", { alias, count: outcome.cancelled });
    case "in_past":
      return view.t("clinician.session_in_past");
    case "not_yet":
      return view.t("clinician.session_not_yet", { alias });
    case "none":
      if (action.kind === "stop-series") return view.t("clinician.session_no_series", { alias });
      // The day as they wrote it ("cancel thu": thu).
      return view.t("clinician.session_none", { alias, day: words.split(/\s+/)[1] ?? "" });
  }
}

export function runSessionsCommand(turn: Turn, view: ClinicianText, therapistId: number, args: string): void {
  const say = (message: string) => void turn.out.say(turn.to, message);
  const [alias, rest] = aliasAndRest(args);
  if (alias === "" || rest !== "") return say(view.t("clinician.sessions_usage"));
  const client = plannableClient(turn, therapistId, alias);
  if (!client) return say(view.t("summary.unknown_alias", { alias: alias.slice(0, 40) }));
  const from = new Date(turn.now.getTime() - listBackDays * 86_400_000);
  const ahead = new Date(turn.now.getTime() + 400 * 86_400_000);
  const rows = sessionsBetween(turn.tx, client.id, from, ahead);
  audit(
    turn.tx,
    { actor: `therapist:${therapistId}`, action: "sessions.viewed", subject: `client:${client.id}` },
    turn.now,
  );
  if (rows.length === 0) return say(view.t("clinician.sessions_none", { alias: client.alias }));
  const lines = rows.map((s) =>
    view.t("clinician.sessions_line", {
      when: sessionTimeText(s, view.locale),
      minutes: s.durationMinutes,
      status: view.t(statusKeys[s.status]),
    }),
  );
  say([view.t("clinician.sessions_header", { alias: client.alias }), ...lines].join("\n"));
}
