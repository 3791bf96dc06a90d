/**
 * Whose clients a signed-in clinician may manage on the management pages (invites, schedules and
 * sessions): a therapist their own current caseload (src/safety/alert-access.ts decides, as in chat),
 * a practice administrator every client of their practice. A client outside that is answered exactly
 * like a client that does not exist, so ids typed into a form learn nothing.
 */
import type { DbOrTx } from "../../db/connection.js";
import { type ClientRow, getClient, listClients } from "../../db/repos/people.js";
import { mayViewClient } from "../../safety/alert-access.js";
import type { Clinician } from "../auth/signed-in.js";

export function manageableClients(db: DbOrTx, clinician: Clinician): ClientRow[] {
  const { therapist } = clinician.view;
  if (therapist.admin) return listClients(db, { practiceId: therapist.practiceId });
  return listClients(db, { therapistId: therapist.id }).filter((c) => mayViewClient(db, c.id, therapist.id));
}

export function manageableClient(db: DbOrTx, clinician: Clinician, clientId: number): ClientRow | undefined {
  const { therapist } = clinician.view;
  const client = getClient(db, clientId);
  if (!client) return undefined;
  if (therapist.admin) return client.practiceId === therapist.practiceId ? client : undefined;
  return mayViewClient(db, client.id, therapist.id) ? client : undefined;
}

/** A form's numeric id ("12"), or undefined for anything else: never a lookup by what was typed. */
export function formId(value: unknown): number | undefined {
  if (typeof value !== "string" || !/^[1-9]\d{0,9}$/.test(value)) return undefined;
  const id = Number(value);
  return Number.isSafeInteger(id) ? id : undefined;
}
