/**
 * The invites a clinician may see on the invites page: those of the clients they manage (scope.ts),
 * newest first, with a status and never a code (only its hash is stored, and it is not read here).
 */
import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import type { DbOrTx } from "../../db/connection.js";
import type { ClientRow } from "../../db/repos/people.js";
import { invites } from "../../db/schema.js";

export type InviteStatus = "open" | "used" | "revoked" | "expired";

export interface ListedInvite {
  id: number;
  client: ClientRow;
  status: InviteStatus;
  createdAt: Date;
  expiresAt: Date;
}

/** The list is a look back, not an archive: the newest this many. */
const shownInvites = 100;

export function inviteStatus(row: { usedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now: Date) {
  if (row.usedAt) return "used";
  if (row.revokedAt) return "revoked";
  return row.expiresAt.getTime() <= now.getTime() ? "expired" : "open";
}

export function listInvites(db: DbOrTx, clients: ClientRow[], now: Date): ListedInvite[] {
  if (clients.length === 0) return [];
  const byId = new Map(clients.map((c) => [c.id, c]));
  const rows = db
    .select({
      id: invites.id,
      clientId: invites.clientId,
      usedAt: invites.usedAt,
      revokedAt: invites.revokedAt,
      expiresAt: invites.expiresAt,
      createdAt: invites.createdAt,
    })
    .from(invites)
    .where(inArray(invites.clientId, [...byId.keys()]))
    .orderBy(desc(invites.createdAt), desc(invites.id))
    .limit(shownInvites)
    .all();
  return rows.flatMap((row) => {
    const client = row.clientId === null ? undefined : byId.get(row.clientId);
    if (!client) return [];
    return [{ id: row.id, client, status: inviteStatus(row, now), createdAt: row.createdAt, expiresAt: row.expiresAt }];
  });
}

/**
 * Revokes one unused invite of a client in `clients` and answers that client; undefined (and nothing
 * changed) for an invite of anyone else's client, or one already used, revoked or expired.
 */
export function revokeInvite(db: DbOrTx, inviteId: number, clients: ClientRow[], now: Date): ClientRow | undefined {
  const row = db
    .select()
    .from(invites)
    .where(and(eq(invites.id, inviteId), isNull(invites.usedAt), isNull(invites.revokedAt)))
    .get();
  const client = clients.find((c) => c.id === row?.clientId);
  if (!row || !client || inviteStatus(row, now) !== "open") return undefined;
  db.update(invites).set({ revokedAt: now }).where(eq(invites.id, inviteId)).run();
  return client;
}
