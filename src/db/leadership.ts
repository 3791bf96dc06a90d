/**
 * Work that must run on one worker at a time, whatever the number of workers: the minute tick's
 * once-per-database parts, Discord's gateway connection (Discord sends every event to every
 * connected client, so two connections would handle each message twice), and sending the outbox
 * queue (the platforms' global rate limits are paced in the sender's memory).
 *
 * A worker asks to be told when it takes or loses a role; it does the work only while it holds it.
 * On SQLite there is one process, which holds every role from the start (SoleLeadership). On
 * PostgreSQL a session advisory lock decides, and another worker takes the role over when its holder
 * dies (postgres/advisory-leader.ts).
 */
export const roles = ["tick", "discord-gateway", "dispatch"] as const;
export type Role = (typeof roles)[number];

export interface Leadership {
  /**
   * Calls `onChange(true)` when this worker takes the role and `onChange(false)` when it loses it
   * (or is stopped while holding it). Called at most once per change, never twice in a row with the
   * same value.
   */
  watch(role: Role, onChange: (held: boolean) => void): void;
  /**
   * Whether this worker holds the role now. It may turn false a moment before the watchers hear it
   * (a PostgreSQL holder stops claiming a role as soon as it can no longer vouch for its lock), so
   * work that must not overlap another worker's asks it just before it starts.
   */
  holds(role: Role): boolean;
  /** Gives up every role it holds (each watcher told `false`) and stops trying to take them. */
  stop(): Promise<void>;
}

/** One process on its own database: it holds every role, and is told so as soon as it asks. */
export class SoleLeadership implements Leadership {
  private readonly watchers: Array<{ role: Role; onChange: (held: boolean) => void }> = [];
  private stopped = false;

  watch(role: Role, onChange: (held: boolean) => void): void {
    if (this.stopped) return;
    this.watchers.push({ role, onChange });
    onChange(true);
  }

  holds(_role: Role): boolean {
    return !this.stopped;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const watcher of this.watchers.splice(0)) watcher.onChange(false);
  }
}
