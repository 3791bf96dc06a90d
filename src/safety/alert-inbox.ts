/**
 * A clinician's alerts inbox: the open alerts they may see (risk first, then the oldest), and the
 * acknowledged ones as history (newest first), each with what the page shows of it. Who may see an
 * alert is alert-access.ts's rule, asked here for every alert; whether the client's own page may be
 * linked is asked apart, since a backup clinician an alert escalated to sees the alert, not the client.
 */
import type { Tx } from "../db/connection.js";
import { type AlertRow, type AlertTriggerRow, triggersOf } from "../db/repos/alerts.js";
import { getClient } from "../db/repos/people.js";
import { describeClinician } from "./acknowledge.js";
import { acknowledgedAlertsVisibleTo, mayViewClient, openAlertsVisibleTo } from "./alert-access.js";

/** How many acknowledged alerts the history shows. */
export const historyLength = 50;

export interface InboxAlert {
  alert: AlertRow;
  alias: string;
  /** The clinician may open the client's page (they are the client's therapist). */
  clientPage: boolean;
  /** Every signal, the first included, oldest first; a text signal carries the client's words. */
  triggers: AlertTriggerRow[];
  /** Who acknowledged it, by alias; undefined while open. */
  acknowledgedBy: string | undefined;
}

export interface Inbox {
  open: InboxAlert[];
  history: InboxAlert[];
}

function inboxAlert(tx: Tx, alert: AlertRow, therapistId: number): InboxAlert {
  return {
    alert,
    alias: getClient(tx, alert.clientId)?.alias ?? "?",
    clientPage: mayViewClient(tx, alert.clientId, therapistId),
    triggers: triggersOf(tx, alert.id),
    acknowledgedBy: alert.acknowledgedAt ? describeClinician(tx, alert.acknowledgedBy) : undefined,
  };
}

export function alertInbox(tx: Tx, therapistId: number): Inbox {
  const open = openAlertsVisibleTo(tx, therapistId).sort(
    (a, b) => Number(b.kind === "risk") - Number(a.kind === "risk") || a.id - b.id,
  );
  return {
    open: open.map((alert) => inboxAlert(tx, alert, therapistId)),
    history: acknowledgedAlertsVisibleTo(tx, therapistId, historyLength).map((alert) =>
      inboxAlert(tx, alert, therapistId),
    ),
  };
}
