/**
 * `/clients` in a clinician's chat: their caseload at a glance, one line a client (status, last
 * answer, next session, the week's open flags, open alerts), within the platform's message limit:
 * split over a few messages, and past those an "…and N more" line. Each client shown is a read of
 * their data, audited under the clinician.
 */
import { DateTime } from "luxon";
import { audit } from "../db/repos/audit.js";
import { type AlertRow, lastAnswerTimes, linkedClientIds, openAlertsOf } from "../db/repos/caseload.js";
import { type ClientRow, listClients } from "../db/repos/people.js";
import { nextPlannedSession } from "../db/repos/sessions.js";
import type { ClientStatus } from "../db/schema.js";
import { intlLocales, sessionTimeText } from "../i18n/session-day.js";
import { type FlagKind, flagKinds } from "../insights/flags.js";
import { chatLimits } from "../insights/render/chat.js";
import { summariseWeek, therapistZone } from "../insights/summarise.js";
import { weekContaining } from "../insights/weeks.js";
import type { MessageKey } from "../prompts/message-keys.js";
import { mayViewClient } from "../safety/alert-access.js";
import type { ClinicianText } from "../safety/clinician-text.js";
import type { Turn } from "./turn.js";

/** At most this many messages for one /clients; the rest is counted in the last line. */
export const maxClientParts = 3;

/** The week's flags that call for a look (risk and reachability are shown as alerts). */
const flagKeys: Partial<Record<FlagKind, MessageKey>> = {
  low: "workspace.flag_low",
  drop: "workspace.flag_drop",
  below_baseline: "workspace.flag_below_baseline",
  unrepaired: "workspace.flag_unrepaired",
  disagreement: "workspace.flag_disagreement",
  quiet: "workspace.flag_quiet",
};

const statusOrder: ClientStatus[] = ["active", "paused", "invited", "stopped"];

/**
 * Lines packed into at most `maxParts` messages of at most `limit` characters, the first starting with
 * `header`; lines that do not fit are left out and counted by `more(count)` at the end of the last one.
 */
export function packClientLines(
  header: string,
  lines: readonly string[],
  limit: number,
  more: (count: number) => string,
  maxParts = maxClientParts,
): { parts: string[]; shown: number } {
  // Room for the "…and N more" line in whichever part ends up last.
  const reserve = more(lines.length).length + 1;
  const parts: string[][] = [[header]];
  let shown = 0;
  for (const line of lines) {
    let current = parts[parts.length - 1] as string[];
    if ([...current, line].join("\n").length > limit - reserve) {
      if (parts.length === maxParts) break;
      current = [];
      parts.push(current);
    }
    current.push(line);
    shown += 1;
  }
  if (shown < lines.length) (parts[parts.length - 1] as string[]).push(more(lines.length - shown));
  return { parts: parts.map((part) => part.join("\n")), shown };
}

export function runClientsCommand(turn: Turn, view: ClinicianText, therapistId: number, args: string): void {
  const say = (message: string) => void turn.out.say(turn.to, message);
  if (args.trim() !== "") return say(view.t("workspace.clients_usage"));
  const own = listClients(turn.tx, { therapistId })
    .filter((c) => mayViewClient(turn.tx, c.id, therapistId))
    .sort((a, b) => statusOrder.indexOf(a.status) - statusOrder.indexOf(b.status) || a.alias.localeCompare(b.alias));
  if (own.length === 0) return say(view.t("workspace.clients_none"));
  const facts = caseloadFacts(turn, view, therapistId, own);
  const lines = own.map((client) => clientLine(turn, view, client, facts));
  const header = view.t("workspace.clients_header", { count: own.length });
  const more = (count: number) => view.t("workspace.clients_more", { count });
  const { parts, shown } = packClientLines(header, lines, chatLimits[turn.to.platform], more);
  for (const client of own.slice(0, shown)) {
    audit(
      turn.tx,
      { actor: `therapist:${therapistId}`, action: "clients.listed", subject: `client:${client.id}` },
      turn.now,
    );
  }
  for (const part of parts) say(part);
}

interface CaseloadFacts {
  zone: string;
  lastAnswers: Map<number, Date>;
  linked: Set<number>;
  alerts: Map<number, AlertRow[]>;
  flags: Map<number, FlagKind[]>;
}

function caseloadFacts(turn: Turn, view: ClinicianText, therapistId: number, own: ClientRow[]): CaseloadFacts {
  const ids = own.map((c) => c.id);
  const zone = therapistZone(turn.tx, view.therapist);
  // The week so far, as /summary reads it: the same flags the clinician sees there.
  const summary = summariseWeek(turn.tx, turn.prompts, therapistId, weekContaining(turn.now, zone), turn.now);
  const flags = new Map<number, FlagKind[]>();
  for (const client of summary?.clients ?? []) {
    const kinds = new Set(client.flags.map((f) => f.kind));
    flags.set(
      client.clientId,
      flagKinds.filter((kind) => kinds.has(kind) && flagKeys[kind] !== undefined),
    );
  }
  return {
    zone,
    lastAnswers: lastAnswerTimes(turn.tx, ids),
    linked: linkedClientIds(turn.tx, ids),
    alerts: openAlertsOf(turn.tx, ids),
    flags,
  };
}

function statusKey(client: ClientRow, linked: boolean): MessageKey {
  if (client.status === "invited") return linked ? "workspace.status_consent" : "workspace.status_invited";
  return `workspace.status_${client.status}`;
}

function clientLine(turn: Turn, view: ClinicianText, client: ClientRow, facts: CaseloadFacts): string {
  const last = facts.lastAnswers.get(client.id);
  const next = client.status === "stopped" ? undefined : nextPlannedSession(turn.tx, client.id, turn.now);
  const flags = (facts.flags.get(client.id) ?? []).map((kind) => view.t(flagKeys[kind] as MessageKey));
  const alerts = (facts.alerts.get(client.id) ?? []).map((alert) => `#${alert.id} ${view.kind(alert.kind)}`);
  const date = (at: Date) =>
    DateTime.fromJSDate(at, { zone: facts.zone })
      .setLocale(intlLocales[view.locale])
      .toLocaleString({ day: "numeric", month: "short", year: "numeric" });
  return [
    client.alias,
    view.t(statusKey(client, facts.linked.has(client.id))),
    last ? view.t("workspace.last_answer", { date: date(last) }) : view.t("workspace.no_answer"),
    ...(next ? [view.t("workspace.next_session", { when: sessionTimeText(next, view.locale) })] : []),
    ...(flags.length > 0 ? [view.t("workspace.flags", { flags: flags.join(", ") })] : []),
    ...(alerts.length > 0 ? [view.t("workspace.alerts", { alerts: alerts.join(", ") })] : []),
  ].join(" · ");
}
