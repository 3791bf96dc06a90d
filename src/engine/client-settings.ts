/**
 * `/pause ALIAS`, `/resume ALIAS`, `/schedule ALIAS <spec>` and `/language ALIAS xx` in a clinician's
 * chat, for their own clients (own-client.ts). Pausing and resuming go through the same domain
 * function as the CLI's `client pause|resume` (src/admin/client-status.ts); a schedule is read by the
 * same schema, with the same words and the same reasons, as `schedule set` (src/schedule/spec.ts).
 *
 * A client who paused their check-ins themselves is not resumed by their therapist: the choice was
 * the client's, and only the client's own /resume undoes it. A client who has stopped is changed by
 * none of these: only the client can start again, with a new invite.
 */
import { DateTime } from "luxon";
import { changeClientStatus, type StatusChange } from "../admin/client-status.js";
import { audit, latestAuditEntry } from "../db/repos/audit.js";
import { type ClientRow, setClientLocale } from "../db/repos/people.js";
import { clearSchedule, setSchedule } from "../db/repos/schedules.js";
import { isLocale, type Locale, localeNativeNames } from "../i18n/locales.js";
import { clientZone } from "../practice/zones.js";
import { plainWording } from "../prompts/plain-wording.js";
import type { ClinicianText } from "../safety/clinician-text.js";
import { scheduleInputSchema } from "../schedule/spec.js";
import { aliasAndRest, ownClient, unknownAlias } from "./own-client.js";
import type { Turn } from "./turn.js";

/** What stands in the way of changing a client's check-ins at all, as the reply; undefined if nothing. */
function notRunning(view: ClinicianText, client: ClientRow): string | undefined {
  if (client.status === "stopped") return view.t("workspace.stopped", { alias: client.alias });
  if (client.status === "invited") return view.t("workspace.not_started", { alias: client.alias });
  return undefined;
}

/** Whether the client's own /pause is what paused them (the latest pause on record is theirs). */
function pausedByClient(turn: Turn, client: ClientRow): boolean {
  const subject = `client:${client.id}`;
  return latestAuditEntry(turn.tx, "client.paused", subject)?.actor === subject;
}

export function runStatusCommand(
  turn: Turn,
  view: ClinicianText,
  therapistId: number,
  change: StatusChange,
  args: string,
): void {
  const say = (message: string) => void turn.out.say(turn.to, message);
  const [alias, rest] = aliasAndRest(args);
  if (alias === "" || rest !== "") return say(view.t(`workspace.${change}_usage`));
  const client = ownClient(turn.tx, therapistId, alias);
  if (!client) return say(unknownAlias(view, alias));
  const refusal = notRunning(view, client);
  if (refusal) return say(refusal);
  const names = { alias: client.alias };
  if (change === "resume" && client.status === "paused" && pausedByClient(turn, client)) {
    return say(view.t("workspace.paused_by_client", names));
  }
  if (!changeClientStatus(turn.tx, client, change, `therapist:${therapistId}`, turn.now)) {
    return say(view.t(change === "pause" ? "workspace.already_paused" : "workspace.not_paused", names));
  }
  say(view.t(change === "pause" ? "workspace.paused" : "workspace.resumed", names));
}

export function runSettingCommand(
  turn: Turn,
  view: ClinicianText,
  therapistId: number,
  setting: "schedule" | "language",
  args: string,
): void {
  const say = (message: string) => void turn.out.say(turn.to, message);
  const [alias, rest] = aliasAndRest(args);
  const locale = rest.toLowerCase();
  if (alias === "" || rest === "" || (setting === "language" && !isLocale(locale))) {
    return say(view.t(`workspace.${setting}_usage`));
  }
  const client = ownClient(turn.tx, therapistId, alias);
  if (!client) return say(unknownAlias(view, alias));
  if (client.status === "stopped") return say(view.t("workspace.stopped", { alias: client.alias }));
  if (setting === "schedule") return schedule(turn, view, therapistId, client, rest);
  changeLanguage(turn, view, therapistId, client, locale as Locale);
}

function changeLanguage(turn: Turn, view: ClinicianText, therapistId: number, client: ClientRow, locale: Locale): void {
  const names = { alias: client.alias, language: localeNativeNames[locale] };
  if (client.locale === locale) return void turn.out.say(turn.to, view.t("workspace.language_same", names));
  setClientLocale(turn.tx, client.id, locale);
  audit(
    turn.tx,
    { actor: `therapist:${therapistId}`, action: "client.locale", subject: `client:${client.id}`, detail: { locale } },
    turn.now,
  );
  turn.out.say(turn.to, view.t("workspace.language_set", names));
}

function schedule(turn: Turn, view: ClinicianText, therapistId: number, client: ClientRow, words: string): void {
  const say = (message: string) => void turn.out.say(turn.to, message);
  const scope = { practiceId: client.practiceId, clientId: client.id };
  const actor = `therapist:${therapistId}` as const;
  const subject = `client:${client.id}`;
  if (words.toLowerCase() === "default") {
    // Back to the therapist's or the practice's, as `schedule clear --client` does.
    const cleared = clearSchedule(turn.tx, scope);
    if (cleared) audit(turn.tx, { actor, action: "schedule.cleared", subject }, turn.now);
    return say(view.t(cleared ? "workspace.schedule_cleared" : "workspace.schedule_none", { alias: client.alias }));
  }
  const parsed = scheduleInputSchema.safeParse({ spec: words }, { error: plainWording });
  if (!parsed.success) {
    // The CLI's reason for `--spec`, word for word.
    const reason = parsed.error.issues[0]?.message ?? "";
    return say(`${view.t("workspace.schedule_bad", { reason })}\n${view.t("workspace.schedule_usage")}`);
  }
  const zone = clientZone(turn.tx, client);
  // Where an "every N days" schedule counts from: today in the client's zone, as at the CLI.
  const anchor = DateTime.fromJSDate(turn.now, { zone }).toISODate() ?? "1970-01-01";
  const row = setSchedule(turn.tx, scope, parsed.data, turn.now, anchor);
  audit(turn.tx, { actor, action: "schedule.set", subject, detail: { scheduleId: row.id, cron: row.cron } }, turn.now);
  say(view.t("workspace.schedule_set", { alias: client.alias, spec: row.spec, zone }));
}
