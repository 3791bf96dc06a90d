/**
 * DiscordGateway's rules with scripted clients whose logins the test settles by hand: a fresh client
 * each time the role is taken, none of a client's events handed on once the role is lost, never two
 * clients alive at once (also when the role flaps during a login), a failed login retried and logged
 * by name only, a hung login bounded. The real discord.js client against the fake Discord:
 * gateway-role.test.ts.
 */
import { Writable } from "node:stream";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import {
  DiscordGateway,
  type DiscordGatewayOptions,
  type GatewayClient,
  type GatewayClientHooks,
} from "../../../adapters/discord/gateway.js";
import type { InboundEvent } from "../../../src/engine/events.js";
import { silentLogger } from "../../../src/logger.js";

/** Polls until `predicate` holds (no assumption about how soon). */
async function until(predicate: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2_000; i++) {
    if (predicate()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

class ScriptedClient implements GatewayClient {
  alive = true;
  destroyCalls = 0;
  private settle: { resolve: () => void; reject: (error: Error) => void } | undefined;
  loginStarted = false;

  constructor(readonly hooks: GatewayClientHooks) {}

  login(): Promise<unknown> {
    this.loginStarted = true;
    return new Promise<void>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
  }

  async destroy(): Promise<void> {
    this.destroyCalls++;
    this.alive = false;
  }

  succeed(): void {
    this.settle?.resolve();
  }

  fail(error: Error): void {
    // discord.js destroys a client whose login failed.
    this.alive = false;
    this.settle?.reject(error);
  }
}

function scene(overrides: Partial<DiscordGatewayOptions> = {}) {
  const clients: ScriptedClient[] = [];
  const handled: InboundEvent[] = [];
  let mostAlive = 0;
  const gateway = new DiscordGateway({
    token: "scripted-token",
    createClient: (hooks) => {
      const client = new ScriptedClient(hooks);
      clients.push(client);
      mostAlive = Math.max(mostAlive, clients.filter((c) => c.alive).length);
      return client;
    },
    onEvent: (event) => handled.push(event),
    logger: silentLogger,
    retryMs: 10,
    ...overrides,
  });
  return { gateway, clients, handled, mostAlive: () => mostAlive };
}

/** Takes the role and lets the login of the `index`th client made succeed. */
async function takeRole(gateway: DiscordGateway, clients: ScriptedClient[], index: number): Promise<void> {
  gateway.onRoleChange(true);
  await until(() => clients[index]?.loginStarted === true, `login ${index}`);
  clients[index]?.succeed();
  await gateway.settled();
}

const dm = (id: string): InboundEvent =>
  ({ platform: "discord", updateId: `m:${id}`, kind: "text", text: "hi" }) as unknown as InboundEvent;

describe("DiscordGateway", () => {
  it("logs a client in when the role is taken and hands its events on", async () => {
    const { gateway, clients, handled } = scene();
    expect(clients).toHaveLength(0);
    await takeRole(gateway, clients, 0);
    clients[0]?.hooks.onEvent(dm("1"));
    expect(handled).toHaveLength(1);
    await gateway.stop();
  });

  it("destroys the client when the role is lost, before anything else, and hands on none of its events", async () => {
    const { gateway, clients, handled } = scene();
    await takeRole(gateway, clients, 0);
    gateway.onRoleChange(false);
    // Synchronously: no await between losing the role and the destroy.
    expect(clients[0]?.destroyCalls).toBe(1);
    clients[0]?.hooks.onEvent(dm("2"));
    expect(handled).toHaveLength(0);
    await gateway.stop();
  });

  it("uses a new client each time the role is taken again", async () => {
    const { gateway, clients, mostAlive } = scene();
    for (let round = 0; round < 3; round++) {
      await takeRole(gateway, clients, round);
      gateway.onRoleChange(false);
    }
    expect(new Set(clients).size).toBe(3);
    expect(clients.every((c) => !c.alive)).toBe(true);
    expect(mostAlive()).toBe(1);
    await gateway.stop();
  });

  it("retries a failed login while the role is held, and logs the error by name only", async () => {
    const lines: string[] = [];
    const logger = pino(
      { level: "info" },
      new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    );
    const { gateway, clients, handled } = scene({ logger });
    gateway.onRoleChange(true);
    await until(() => clients[0]?.loginStarted === true, "the first login");
    clients[0]?.fail(Object.assign(new Error("GET /gateway/bot said no for client words"), { name: "HTTPError" }));
    await until(() => clients[1]?.loginStarted === true, "the retry");
    clients[1]?.succeed();
    await gateway.settled();
    clients[1]?.hooks.onEvent(dm("3"));
    expect(handled).toHaveLength(1);
    const failure = lines.map((line) => JSON.parse(line)).find((line) => line.msg.includes("login failed"));
    expect(failure?.err).toEqual({ name: "HTTPError" });
    expect(lines.join("")).not.toContain("client words");
    await gateway.stop();
  });

  it("retries when a client cannot even be built, without an unhandled rejection", async () => {
    const clients: ScriptedClient[] = [];
    let builds = 0;
    const gateway = new DiscordGateway({
      token: "scripted-token",
      createClient: (hooks) => {
        builds++;
        if (builds === 1) throw new TypeError("bad options");
        const client = new ScriptedClient(hooks);
        clients.push(client);
        return client;
      },
      onEvent: () => undefined,
      logger: silentLogger,
      retryMs: 10,
    });
    gateway.onRoleChange(true);
    await gateway.settled();
    await takeRole(gateway, clients, 0);
    expect(builds).toBe(2);
    await gateway.stop();
  });

  it("does not retry once the role is gone", async () => {
    const { gateway, clients } = scene();
    gateway.onRoleChange(true);
    await until(() => clients[0]?.loginStarted === true, "a login");
    clients[0]?.fail(new Error("refused"));
    gateway.onRoleChange(false);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(clients).toHaveLength(1);
    await gateway.stop();
  });

  it("leaves no client alive when the role is lost during a login, and none of its events reach the engine", async () => {
    const { gateway, clients, handled } = scene();
    gateway.onRoleChange(true);
    await until(() => clients[0]?.loginStarted === true, "a login");
    gateway.onRoleChange(false);
    clients[0]?.hooks.onEvent(dm("4"));
    // The login completes after the role was lost (discord.js connects regardless): destroyed then.
    clients[0]?.succeed();
    await until(() => clients[0]?.alive === false, "the late client destroyed");
    expect(handled).toHaveLength(0);
    await gateway.stop();
  });

  it("makes the next client only after the one still logging in is gone, when the role flaps", async () => {
    const { gateway, clients, handled, mostAlive } = scene();
    gateway.onRoleChange(true);
    await until(() => clients[0]?.loginStarted === true, "a login");
    gateway.onRoleChange(false);
    gateway.onRoleChange(true);
    gateway.onRoleChange(false);
    gateway.onRoleChange(true);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(clients).toHaveLength(1);
    clients[0]?.succeed();
    await until(() => clients[1]?.loginStarted === true, "the next login");
    expect(clients[0]?.alive).toBe(false);
    clients[1]?.succeed();
    await gateway.settled();
    clients[1]?.hooks.onEvent(dm("5"));
    expect(handled).toHaveLength(1);
    expect(clients).toHaveLength(2);
    expect(mostAlive()).toBe(1);
    await gateway.stop();
  });

  it("destroys a client whose login hangs after the settle bound", async () => {
    const { gateway, clients } = scene({ loginSettleMs: 20 });
    gateway.onRoleChange(true);
    await until(() => clients[0]?.loginStarted === true, "a login");
    gateway.onRoleChange(false);
    await until(() => clients[0]?.destroyCalls === 1, "the hung client destroyed");
    await gateway.stop();
  });

  it("logs in again after the connection closed for good", async () => {
    const { gateway, clients, handled } = scene();
    await takeRole(gateway, clients, 0);
    clients[0]?.hooks.onClosedForGood();
    expect(clients[0]?.alive).toBe(false);
    await until(() => clients[1]?.loginStarted === true, "a new login");
    clients[1]?.succeed();
    await gateway.settled();
    clients[0]?.hooks.onEvent(dm("6"));
    clients[1]?.hooks.onEvent(dm("7"));
    expect(handled.map((e) => (e as unknown as { updateId: string }).updateId)).toEqual(["m:7"]);
    await gateway.stop();
  });

  it("stops with no client left alive and takes no role afterwards", async () => {
    const { gateway, clients } = scene();
    await takeRole(gateway, clients, 0);
    await gateway.stop();
    expect(clients[0]?.alive).toBe(false);
    gateway.onRoleChange(true);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(clients).toHaveLength(1);
  });
});
