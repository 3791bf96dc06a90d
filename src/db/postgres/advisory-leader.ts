/**
 * Roles decided by PostgreSQL session advisory locks (see ../leadership.ts for what a role is). Each
 * worker keeps one dedicated connection (not a pool: a session lock belongs to the connection that
 * took it, and closing that connection frees it). It needs a direct connection to PostgreSQL ≥ 14: a
 * transaction-pooling proxy (PgBouncer) would hand the session to other clients, and
 * `idle_session_timeout` first appeared in 14.
 *
 * Every R (`retryMs`) the worker runs one cycle on that connection: it tries to take each watched role
 * it does not hold (`pg_try_advisory_lock`, which never waits), or, holding them all, checks the
 * session with `SELECT 1`. Every query has a `query_timeout` of R. Any failure (a query error or
 * timeout, the connection ending or erring, a session ended by the server) gives up every role —
 * watchers are told `false` first, before the client is even closed — and the next cycle connects
 * afresh.
 *
 * Why two workers never hold a role at once, even when the holder's packets silently vanish:
 * - The holder trusts its locks only until T + 2R, where T is when it *sent* the last query that
 *   succeeded on the session. `holds()` reads the monotonic clock, so it turns false at T + 2R even
 *   when the holder's timers fire late (a stalled event loop); a timer set for T + 2R tells the
 *   watchers and drops the session, without waiting for the check in flight to time out. In a
 *   healthy session a cycle starts R after the last one ended and takes milliseconds, so the trust
 *   is renewed long before it runs out.
 * - The server ends a session idle for 3R (`idle_session_timeout`, set on the session at connect). The
 *   idle time starts when the server finished the last query it received, which it cannot have done
 *   before the holder sent it: so after a partition the server frees the lock no earlier than T + 3R.
 * - Another worker can take the lock only once the server has freed it, so no earlier than T + 3R: a
 *   full R after the old holder stopped trusting it (T + 2R).
 * - A worker queries every R whether it holds anything or not, so a live session is never idle for
 *   3R; a query unanswered for R (`query_timeout`) fails the session as well.
 * Takeover after a silent partition therefore comes within 3R + R of the last good query (40 s at the
 * default R of 10 s); after a stop, a crash or a terminated backend the lock is freed at once and the
 * next worker's cycle takes it within R.
 *
 * A watcher running work under a role (the Discord gateway) is told `false` by that timer, so on an
 * event loop stalled for about R it may hear late; `holds()` is exact, and the minute tick asks it.
 */
import { performance } from "node:perf_hooks";
import pg from "pg";
import type { Logger } from "../../logger.js";
import type { Leadership, Role } from "../leadership.js";
import { roleLockKey } from "./role-locks.js";

/** How often a worker tries for a role it lacks, and checks the session of one it holds. */
export const defaultRetryMs = 10_000;

export interface AdvisoryLeaderOptions {
  /** The database URL (a direct connection, not a transaction pooler). Never logged. */
  url: string;
  logger: Logger;
  retryMs?: number;
}

interface Watcher {
  onChange: (held: boolean) => void;
  /** What this watcher was last told, so it never hears the same value twice in a row. */
  told: boolean;
}

/** No query on the session succeeded recently enough to vouch for its locks (see the argument above). */
class TrustExpired extends Error {
  override name = "TrustExpired";
}

/** The connection closed without an error (the server shut down cleanly). */
class SessionEnded extends Error {
  override name = "SessionEnded";
}

export class AdvisoryLeader implements Leadership {
  private readonly url: string;
  private readonly logger: Logger;
  private readonly retryMs: number;
  private readonly watchers = new Map<Role, Watcher[]>();
  private readonly held = new Set<Role>();
  private session: pg.Client | undefined;
  /** Monotonic ms until which the locks in `held` may be trusted (see the argument above). */
  private trustedUntil = 0;
  private timer: NodeJS.Timeout | undefined;
  /** Fires when the trust runs out unrenewed: the roles are given up then, not at the next cycle. */
  private trustTimer: NodeJS.Timeout | undefined;
  private cycling = false;
  /** A watch() arrived during a cycle: run the next one at once instead of after R. */
  private cycleAgain = false;
  /** The session failed during this cycle: wait longer before the next one (see `lose`). */
  private stepBack = false;
  private stopped = false;
  private stopping: Promise<void> | undefined;

  constructor(options: AdvisoryLeaderOptions) {
    this.url = options.url;
    this.logger = options.logger;
    this.retryMs = options.retryMs ?? defaultRetryMs;
  }

  watch(role: Role, onChange: (held: boolean) => void): void {
    if (this.stopped) return;
    const watcher: Watcher = { onChange, told: false };
    const list = this.watchers.get(role) ?? [];
    list.push(watcher);
    this.watchers.set(role, list);
    if (this.holds(role)) this.tell(role, watcher, true);
    // At once, not at the next cycle: a worker should not wait R for a role nobody holds.
    if (this.cycling) this.cycleAgain = true;
    else this.scheduleCycle(0);
  }

  holds(role: Role): boolean {
    return !this.stopped && this.held.has(role) && performance.now() < this.trustedUntil;
  }

  stop(): Promise<void> {
    this.stopping ??= this.shutDown();
    return this.stopping;
  }

  private async shutDown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.trustTimer);
    const client = this.session;
    this.session = undefined;
    const given = this.giveUpAll();
    if (!client) return;
    // Unlock explicitly while the session works, so the lock is free when stop() returns; closing the
    // session frees it anyway if this fails (a cycle still in flight fails and finds no session).
    if (given.length > 0) await client.query("SELECT pg_advisory_unlock_all()").catch(() => undefined);
    await this.close(client);
  }

  private scheduleCycle(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.cycle(), delayMs);
  }

  private async cycle(): Promise<void> {
    if (this.stopped || this.cycling) return;
    this.cycling = true;
    try {
      await this.attempt();
    } finally {
      this.cycling = false;
      if (!this.stopped) this.scheduleCycle(this.nextDelay());
      this.cycleAgain = false;
      this.stepBack = false;
    }
  }

  private nextDelay(): number {
    if (this.cycleAgain) return 0;
    return this.stepBack ? 3 * this.retryMs : this.retryMs;
  }

  /** One cycle on the session (a new one if there is none): take what is free, else check it lives. */
  private async attempt(): Promise<void> {
    const fresh = this.session === undefined;
    const client = this.session ?? this.openSession();
    try {
      if (this.held.size > 0 && performance.now() >= this.trustedUntil) throw new TrustExpired();
      if (fresh) await this.prepare(client);
      const wanted = [...this.watchers.keys()].filter((role) => !this.held.has(role));
      if (wanted.length === 0) {
        await this.confirmedQuery(client, "SELECT 1");
        return;
      }
      for (const role of wanted) {
        const taken = await this.confirmedQuery(
          client,
          "SELECT pg_try_advisory_lock($1, $2) AS taken",
          roleLockKey(role),
        );
        // Stopped or failed meanwhile: a lock taken by that query goes with the closed session.
        if (this.stopped || client !== this.session) return;
        if (taken.rows[0]?.taken === true) this.take(role);
      }
    } catch (error) {
      this.lose(client, error);
    }
  }

  private openSession(): pg.Client {
    const client = new pg.Client({
      connectionString: this.url,
      connectionTimeoutMillis: this.retryMs,
      query_timeout: this.retryMs,
      application_name: "interlude-leadership",
    });
    // Without listeners a dropped connection would be an uncaught 'error' and end the process.
    client.on("error", (error) => this.lose(client, error));
    client.on("end", () => this.lose(client, new SessionEnded()));
    this.session = client;
    return client;
  }

  private async prepare(client: pg.Client): Promise<void> {
    await client.connect();
    // The server's half of the partition argument above: a silent holder's session ends after 3R.
    await client.query("SELECT set_config('idle_session_timeout', $1, false)", [`${3 * this.retryMs}ms`]);
  }

  /** A query on the session that, once answered, renews the trust in its locks from when it was sent. */
  private async confirmedQuery(client: pg.Client, text: string, values: unknown[] = []) {
    const sentAt = performance.now();
    const result = await client.query<{ taken?: boolean }>(text, values);
    if (client === this.session) {
      this.trustedUntil = sentAt + 2 * this.retryMs;
      this.armTrustTimer(client);
    }
    return result;
  }

  private armTrustTimer(client: pg.Client): void {
    clearTimeout(this.trustTimer);
    this.trustTimer = setTimeout(
      () => {
        // A timer may fire a little early by the monotonic clock: then it waits for the rest.
        if (performance.now() < this.trustedUntil) this.armTrustTimer(client);
        else if (this.held.size > 0) this.lose(client, new TrustExpired());
      },
      Math.max(0, this.trustedUntil - performance.now()),
    );
  }

  private take(role: Role): void {
    this.held.add(role);
    this.logger.info({ role }, "role taken");
    for (const watcher of this.watchers.get(role) ?? []) this.tell(role, watcher, true);
  }

  /** The session failed: every role is given up (watchers first), then the client is closed. */
  private lose(client: pg.Client, error: unknown): void {
    if (client !== this.session) return;
    this.session = undefined;
    const given = this.giveUpAll();
    this.logger.warn({ roles: given, err: errorKind(error) }, "leadership session failed; retrying");
    void this.close(client);
    // A worker whose session just failed steps back for 3R, so a healthy worker (which tries every R)
    // takes the role first rather than the role flapping back to a sick one; alone, it retakes it then.
    if (this.cycling) this.stepBack = true;
    else if (!this.stopped) this.scheduleCycle(3 * this.retryMs);
  }

  private giveUpAll(): Role[] {
    const given = [...this.held];
    this.held.clear();
    this.trustedUntil = 0;
    clearTimeout(this.trustTimer);
    for (const role of given) {
      this.logger.info({ role }, "role given up");
      for (const watcher of this.watchers.get(role) ?? []) this.tell(role, watcher, false);
    }
    return given;
  }

  private tell(role: Role, watcher: Watcher, held: boolean): void {
    if (watcher.told === held) return;
    watcher.told = held;
    try {
      watcher.onChange(held);
    } catch (error) {
      // A watcher's failure is its own; the others and the lock keeping must go on.
      this.logger.error({ role, held, err: errorKind(error) }, "role watcher failed");
    }
  }

  /** Ends the client, waiting at most R: over a dead link the goodbye may never be answered. */
  private async close(client: pg.Client): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((done) => {
      timer = setTimeout(done, this.retryMs);
    });
    await Promise.race([client.end().catch(() => undefined), waited]);
    clearTimeout(timer);
  }
}

/** Name and code only: a message may carry connection details (host, user), never worth logging. */
function errorKind(error: unknown): { name: string; code?: string } {
  if (!(error instanceof Error)) return { name: typeof error };
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? { name: error.name, code } : { name: error.name };
}
