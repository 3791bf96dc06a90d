/**
 * A Leadership a test moves by hand: `grant` and `revoke` play what an election would decide, and
 * `moveRole` hands a role from one worker to another the way a takeover does (the old holder is told
 * first). Watchers are told only on a change, as the interface promises.
 */
import type { Leadership, Role } from "../../src/db/leadership.js";

export class HandMovedLeadership implements Leadership {
  private readonly held = new Set<Role>();
  private readonly watchers: Array<{ role: Role; onChange: (held: boolean) => void }> = [];
  private stopped = false;

  watch(role: Role, onChange: (held: boolean) => void): void {
    if (this.stopped) return;
    this.watchers.push({ role, onChange });
    if (this.held.has(role)) onChange(true);
  }

  holds(role: Role): boolean {
    return this.held.has(role);
  }

  grant(role: Role): void {
    if (this.stopped || this.held.has(role)) return;
    this.held.add(role);
    this.tell(role, true);
  }

  revoke(role: Role): void {
    if (!this.held.delete(role)) return;
    this.tell(role, false);
  }

  async stop(): Promise<void> {
    for (const role of [...this.held]) this.revoke(role);
    this.stopped = true;
  }

  private tell(role: Role, held: boolean): void {
    for (const watcher of this.watchers) if (watcher.role === role) watcher.onChange(held);
  }
}

/** A takeover: `from` loses the role before `to` is told it has it. */
export function moveRole(role: Role, from: HandMovedLeadership, to: HandMovedLeadership): void {
  from.revoke(role);
  to.grant(role);
}
