/**
 * Discord's gateway connection, held by one worker at a time. Discord sends every event to every
 * connected client of a bot, so two workers connected at once would each handle every message. The
 * worker that holds the "discord-gateway" role logs a fresh client in; when it loses the role (or
 * stops) it destroys that client at once and hands none of its events on from that moment. Sending
 * does not depend on any of this: every worker sends over REST (rest.ts, sender.ts).
 */
import type { InboundEvent } from "../../src/engine/events.js";
import type { Logger } from "../../src/logger.js";

/** What the gateway needs of a discord.js client. */
export interface GatewayClient {
  login(token: string): Promise<unknown>;
  destroy(): Promise<void>;
}

/** What a new client is wired to: this gateway's door for its events, and word that it is gone. */
export interface GatewayClientHooks {
  onEvent(event: InboundEvent): void;
  /** The connection closed and discord.js will not reconnect by itself (an unrecoverable close code). */
  onClosedForGood(): void;
}

export interface DiscordGatewayOptions {
  token: string;
  /** A new client each time: discord.js does not promise that a destroyed client can log in again. */
  createClient: (hooks: GatewayClientHooks) => GatewayClient;
  /** Where the current client's events go (the engine, then the outbox). */
  onEvent: (event: InboundEvent) => void;
  logger: Logger;
  /** How long to wait before logging in again after a failed login or a connection gone for good. */
  retryMs?: number;
  /** The longest a login in flight is waited for before its client is destroyed anyway. */
  loginSettleMs?: number;
}

const defaultRetryMs = 30_000;
const defaultLoginSettleMs = 60_000;

/** One client's time as the current one; `current` goes false the moment the role is lost. */
interface Lease {
  current: boolean;
  client?: GatewayClient;
  login?: Promise<unknown>;
  /** Its login succeeded: destroying it now closes the connection. */
  connected?: boolean;
}

const ignore = () => undefined;

export class DiscordGateway {
  private held = false;
  private stopped = false;
  private lease: Lease | null = null;
  /** Settles once every client created before is destroyed: a new one is made only after that. */
  private retired: Promise<void> = Promise.resolve();
  /** The latest login attempt (waited for by start-up, so a worker holding the role is receiving). */
  private attempt: Promise<void> = Promise.resolve();
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: DiscordGatewayOptions) {}

  /** The role's watcher: taking it connects, losing it disconnects. */
  onRoleChange(held: boolean): void {
    if (this.stopped) return;
    this.held = held;
    if (held) {
      this.connect();
      return;
    }
    this.cancelRetry();
    this.retire();
  }

  /** Resolves once the login under way (if any) has succeeded or failed. */
  settled(): Promise<void> {
    return this.attempt;
  }

  /** Disconnects for good; resolves once no client of this gateway is left alive. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.held = false;
    this.cancelRetry();
    this.retire();
    await this.retired;
  }

  private connect(): void {
    if (!this.held || this.stopped || this.lease) return;
    this.cancelRetry();
    const lease: Lease = { current: true };
    this.lease = lease;
    // Never two clients alive at once: wait until the previous one is destroyed.
    this.attempt = this.retired.then(() => this.logIn(lease));
  }

  private async logIn(lease: Lease): Promise<void> {
    // The role was lost again while the previous client was going.
    if (!lease.current) return;
    try {
      const client = this.options.createClient(this.hooksFor(lease));
      lease.client = client;
      lease.login = client.login(this.options.token);
      await lease.login;
    } catch (error) {
      // Lost meanwhile: retire() destroys the client once this login has settled.
      if (!lease.current) return;
      // By name only: a library's message may quote a request, and nothing here needs more.
      this.options.logger.warn({ err: { name: (error as Error).name } }, "discord gateway login failed; will retry");
      this.lease = null;
      lease.current = false;
      const { client } = lease;
      if (client) this.retired = this.retired.then(() => client.destroy()).catch(ignore);
      this.scheduleRetry();
      return;
    }
    lease.connected = true;
    if (lease.current) this.options.logger.info("discord gateway connected");
  }

  private hooksFor(lease: Lease): GatewayClientHooks {
    return {
      onEvent: (event) => {
        // Checked per event: once the role is lost, nothing more reaches the engine from this client.
        if (lease.current) this.options.onEvent(event);
      },
      onClosedForGood: () => {
        if (!lease.current) return;
        this.options.logger.warn("discord gateway closed for good; logging in again later");
        this.retire();
        this.scheduleRetry();
      },
    };
  }

  /**
   * Stops handing on the current client's events at once and destroys it. A client still logging in
   * is destroyed once its login settles: discord.js fetches the gateway URL before it opens the
   * connection, and a destroy in between is forgotten when the connection opens (it would stay up).
   */
  private retire(): void {
    const lease = this.lease;
    if (!lease) return;
    this.lease = null;
    lease.current = false;
    const { client, login } = lease;
    // Not created yet: logIn sees the lease is no longer current and makes none.
    if (!client || !login) return;
    const destroyed = lease.connected
      ? client.destroy()
      : settledWithin(login, this.options.loginSettleMs ?? defaultLoginSettleMs).then(() => client.destroy());
    this.retired = Promise.all([this.retired, destroyed.catch(ignore)]).then(ignore);
  }

  private scheduleRetry(): void {
    if (!this.held || this.stopped) return;
    this.cancelRetry();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.connect();
    }, this.options.retryMs ?? defaultRetryMs);
  }

  private cancelRetry(): void {
    if (this.retryTimer === undefined) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }
}

/** Resolves when `promise` settles either way, or after `ms` if it hangs (a login retrying forever). */
function settledWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    promise.then(done, done);
  });
}
