/**
 * Deactivating a clinician: their caseload is handed over first (each client with their open alerts,
 * the colleague told at once), then they are taken off the ladder and their chat accounts unlinked.
 * From that moment they may see nothing (src/safety/alert-access.ts) and can no longer act as a
 * clinician in chat; each of their chats is told so once. Their web sessions end in the same
 * transaction: a browser left signed in has nothing to show from the next request on.
 */

import { endSessionsOf } from "../access/web-sessions.js";
import type { Tx } from "../db/connection.js";
import { deactivateTherapist, listClients } from "../db/repos/people.js";
import type { Prompts } from "../prompts/load.js";
import { unlinkClinicianChats } from "../safety/unlink-clinician.js";
import { handOverClient } from "./hand-over.js";

export interface Deactivation {
  clientsMoved: number;
  alertsHandedOver: number;
}

/** The caller has checked the successor: an active colleague in the same practice. */
export function deactivateClinician(
  tx: Tx,
  prompts: Prompts,
  therapistId: number,
  successorId: number | undefined,
  now: Date,
): Deactivation {
  const caseload = listClients(tx, { therapistId });
  if (caseload.length > 0 && successorId === undefined) {
    // No client, and no open alert, is ever left without a responsible clinician.
    throw new Error(`therapist ${therapistId} still has clients and nobody to hand them to`);
  }
  let alertsHandedOver = 0;
  for (const client of caseload) alertsHandedOver += handOverClient(tx, prompts, client, successorId as number, now);
  deactivateTherapist(tx, therapistId);
  unlinkClinicianChats(tx, prompts, therapistId, "cli", now);
  endSessionsOf(tx, therapistId);
  return { clientsMoved: caseload.length, alertsHandedOver };
}
