/**
 * Who may see a client's records and alerts, now. The one place the rule lives: /alerts, /ack,
 * /summary, the web view's client page and alerts inbox, the CLI's acknowledgement on a clinician's behalf, and every notice about an alert
 * (repeated signals, follow-ups, acknowledgements, crisis-reply outcomes) ask here.
 *
 * The rule: an active clinician may see and acknowledge an alert when they are the client's current
 * therapist, or the alert has escalated to them (and the client has not since been handed over away
 * from them). A client's records (summaries, charts) are their current therapist's alone. Access
 * therefore ends the moment a role does: a hand-over moves it to the new therapist, a deactivation
 * ends all of it. Nobody else, and never the client.
 */
import type { DbOrTx } from "../db/connection.js";
import {
  type AlertRow,
  acknowledgedAlertsNearClinician,
  escalatedClinicians,
  openAlertsNearClinician,
} from "../db/repos/alerts.js";
import { getClient, getTherapist } from "../db/repos/people.js";

const isActive = (db: DbOrTx, therapistId: number) => getTherapist(db, therapistId)?.active === true;

/** Whether this clinician may see the client's records (their summary, chart, words) now. */
export function mayViewClient(db: DbOrTx, clientId: number, therapistId: number): boolean {
  return getClient(db, clientId)?.therapistId === therapistId && isActive(db, therapistId);
}

/** Whether this clinician may see and acknowledge the alert now. */
export function mayAccessAlert(db: DbOrTx, alert: AlertRow, therapistId: number): boolean {
  if (!isActive(db, therapistId)) return false;
  if (getClient(db, alert.clientId)?.therapistId === therapistId) return true;
  return escalatedClinicians(db, alert.id).includes(therapistId);
}

/** Everyone who may see the alert now, the client's therapist first: whom a notice about it goes to. */
export function cliniciansWithAccess(db: DbOrTx, alert: AlertRow): number[] {
  const therapistId = getClient(db, alert.clientId)?.therapistId;
  const candidates = [...(therapistId === undefined ? [] : [therapistId]), ...escalatedClinicians(db, alert.id)];
  return [...new Set(candidates)].filter((id) => isActive(db, id));
}

/** The open alerts this clinician may see now, oldest first. */
export function openAlertsVisibleTo(db: DbOrTx, therapistId: number): AlertRow[] {
  if (!isActive(db, therapistId)) return [];
  return openAlertsNearClinician(db, therapistId).filter((alert) => mayAccessAlert(db, alert, therapistId));
}

/** The acknowledged alerts this clinician may see now, newest first, at most `limit`. */
export function acknowledgedAlertsVisibleTo(db: DbOrTx, therapistId: number, limit: number): AlertRow[] {
  if (!isActive(db, therapistId)) return [];
  return acknowledgedAlertsNearClinician(db, therapistId, limit).filter((alert) =>
    mayAccessAlert(db, alert, therapistId),
  );
}
