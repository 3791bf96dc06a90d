/**
 * Finding one of a clinician's own clients by the alias they typed, and the one answer for every alias
 * that is not theirs (another therapist's client, or a client nobody has): the workspace commands
 * (workspace.ts) never tell the two apart.
 */
import { aliasKey } from "../admin/alias.js";
import type { DbOrTx } from "../db/connection.js";
import { type ClientRow, listClients } from "../db/repos/people.js";
import { mayViewClient } from "../safety/alert-access.js";
import type { ClinicianText } from "../safety/clinician-text.js";

/** One of the clinician's own clients by alias (case does not matter), or undefined. */
export function ownClient(db: DbOrTx, therapistId: number, alias: string): ClientRow | undefined {
  const wanted = aliasKey(alias);
  return listClients(db, { therapistId }).find(
    (c) => aliasKey(c.alias) === wanted && mayViewClient(db, c.id, therapistId),
  );
}

/** The reply for an alias that is not one of the clinician's clients, whoever's it may be. */
export function unknownAlias(view: ClinicianText, alias: string): string {
  return view.t("workspace.unknown_alias", { alias: alias.slice(0, 40) });
}
