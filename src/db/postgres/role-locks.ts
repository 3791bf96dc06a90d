/**
 * Which PostgreSQL advisory lock stands for which role. A role's lock is the two-key form
 * `(namespace, index of the role in roles)`; PostgreSQL keeps two-key locks apart from one-key
 * (bigint) ones, so another application's bigint locks on the same database never collide with ours,
 * and the namespace keeps them apart from another application's two-key locks.
 */
import { type Role, roles } from "../leadership.js";

/** "ILUD" in ASCII: recognisable in pg_locks (classid) and inside int4. */
export const roleLockNamespace = 0x494c5544;

/**
 * The role's index is part of the key, so `roles` may only grow at its end: reordering it while old
 * and new workers run side by side would give two workers different locks for the same role.
 */
export function roleLockKey(role: Role): [namespace: number, index: number] {
  return [roleLockNamespace, roles.indexOf(role)];
}
