/**
 * How a clinician's command names one of their clients: the alias is the first word of the arguments
 * (`/pause Oak-7`, `/session Oak-7 thu 14:00`), looked up in their own current caseload only, and every
 * alias that is not theirs (another therapist's client, or a client nobody has) gets one answer: the
 * clinician commands (workspace.ts, session-commands.ts) never tell the two apart.
 */
import { aliasKey, aliasSchema } from "../admin/alias.js";
import { nameLikeReason } from "../admin/name-like-alias.js";
import type { DbOrTx } from "../db/connection.js";
import { type ClientRow, listClients } from "../db/repos/people.js";
import { mayViewClient } from "../safety/alert-access.js";
import type { ClinicianText } from "../safety/clinician-text.js";

/** Splits "ALIAS words…" at the first space; an alias typed in chat has no spaces. */
export function aliasAndRest(args: string): [string, string] {
  const trimmed = args.trim();
  const space = trimmed.search(/\s/);
  return space < 0 ? [trimmed, ""] : [trimmed.slice(0, space), trimmed.slice(space + 1).trim()];
}

/** One of the clinician's own clients by alias (case and Unicode form do not matter), or undefined. */
export function ownClient(db: DbOrTx, therapistId: number, alias: string): ClientRow | undefined {
  const wanted = aliasKey(alias);
  return listClients(db, { therapistId }).find(
    (c) => aliasKey(c.alias) === wanted && mayViewClient(db, c.id, therapistId),
  );
}

/**
 * The reply for an alias that is not one of the clinician's clients, whoever's it may be. What was
 * typed is repeated only when it could be an alias: a mistyped real name must not be stored in the
 * outbox's copy of the reply.
 */
export function unknownAlias(view: ClinicianText, alias: string): string {
  const checked = aliasSchema.safeParse(alias);
  if (!checked.success || nameLikeReason(checked.data)) return view.t("workspace.unknown_alias_unnamed");
  return view.t("workspace.unknown_alias", { alias: checked.data });
}
