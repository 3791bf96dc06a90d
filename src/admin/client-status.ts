/**
 * Pausing and resuming a client's check-ins on the practice's side (the CLI's `client pause|resume`,
 * a clinician's `/pause ALIAS` and `/resume ALIAS`): only from the status each one makes sense for,
 * audited under whoever asked. The client's own /pause and /resume are src/engine/commands.ts.
 */
import type { DbOrTx } from "../db/connection.js";
import { type Actor, audit } from "../db/repos/audit.js";
import { type ClientRow, setClientStatus } from "../db/repos/people.js";
import type { ClientStatus } from "../db/schema.js";

export const statusChanges = {
  pause: { from: "active", to: "paused" },
  resume: { from: "paused", to: "active" },
} as const satisfies Record<string, { from: ClientStatus; to: ClientStatus }>;
export type StatusChange = keyof typeof statusChanges;

/** Changes the status if the client is in the change's starting status; false (nothing done) if not. */
export function changeClientStatus(
  db: DbOrTx,
  client: Pick<ClientRow, "id" | "status">,
  change: StatusChange,
  actor: Actor,
  now: Date,
): boolean {
  const { from, to } = statusChanges[change];
  if (client.status !== from) return false;
  setClientStatus(db, client.id, to);
  audit(db, { actor, action: `client.${to}`, subject: `client:${client.id}` }, now);
  return true;
}
