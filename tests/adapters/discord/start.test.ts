/**
 * Discord's start-up on a worker: the token is checked over REST before anything else, so a wrong one
 * stops start-up with a clear message (never the token) whether or not this worker would hold the
 * gateway, and no gateway connection is opened; an unreachable Discord is reported the same way.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startDiscord } from "../../../adapters/discord/start.js";
import { adapterPort, createApp } from "../../../src/app.js";
import { systemClock } from "../../../src/clock.js";
import { loadConfig } from "../../../src/config.js";
import type { Leadership } from "../../../src/db/leadership.js";
import { silentLogger } from "../../../src/logger.js";
import { StartupError } from "../../../src/startup-error.js";
import { FakeDiscord } from "../../fakes/discord/fake-discord.js";
import { HandMovedLeadership } from "../../fakes/leadership.js";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const wrongToken = "MTAwMDAwMDAwMDAwMDAwMDAx.wrong0.not-the-bot-token-at-all-xyz";

async function attemptStart(fake: FakeDiscord, token: string, leadership?: Leadership, apiRoot = fake.restRoot) {
  const app = createApp(
    loadConfig({
      INTERLUDE_DB: join(mkdtempSync(join(tmpdir(), "interlude-dcs-")), "dcs.db"),
      DISCORD_BOT_TOKEN: token,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_ROOT: apiRoot,
    }),
    systemClock,
    silentLogger,
  );
  cleanups.push(() => app.database.close());
  const registered: string[] = [];
  const base = adapterPort(leadership ? { ...app, leadership } : app);
  const port = { ...base, register: (sender: { platform: string }) => registered.push(sender.platform) };
  const outcome = await startDiscord(port as typeof base, app.config).then(
    (handle) => {
      cleanups.push(() => handle.stop());
      return handle;
    },
    (error: unknown) => error,
  );
  return { outcome, registered };
}

describe("startDiscord", () => {
  it("stops on a wrong token over REST, on the worker holding the gateway, without opening it", async () => {
    const fake = await FakeDiscord.start();
    cleanups.push(() => fake.close());
    // createApp's SoleLeadership: this worker would hold the gateway.
    const { outcome, registered } = await attemptStart(fake, wrongToken);
    expect(outcome).toBeInstanceOf(StartupError);
    const message = (outcome as StartupError).message;
    expect(message).toMatch(/^discord: Discord rejected DISCORD_BOT_TOKEN \(401 Unauthorized\)/);
    expect(message).not.toContain(wrongToken);
    expect(fake.requestsTo("GET", "/gateway/bot").map((r) => r.status)).toEqual([401]);
    expect(fake.gatewayConnections).toHaveLength(0);
    expect(fake.commands).toEqual([]);
    expect(registered).toEqual([]);
  });

  it("stops on a wrong token on a worker that does not hold the gateway too", async () => {
    const fake = await FakeDiscord.start();
    cleanups.push(() => fake.close());
    const { outcome } = await attemptStart(fake, wrongToken, new HandMovedLeadership());
    expect((outcome as StartupError).message).toMatch(/rejected DISCORD_BOT_TOKEN/);
    expect(fake.gatewayConnections).toHaveLength(0);
  });

  it("says where Discord could not be reached", async () => {
    const fake = await FakeDiscord.start();
    const unreachable = fake.restRoot;
    await fake.close();
    const { outcome } = await attemptStart(fake, fake.token, undefined, unreachable);
    expect(outcome).toBeInstanceOf(StartupError);
    expect((outcome as StartupError).message).toContain(`discord: cannot reach Discord's API at ${unreachable}`);
    expect((outcome as StartupError).message).not.toContain(fake.token);
  }, 60_000);

  it("with the right token registers the sender and the commands on a worker without the gateway", async () => {
    const fake = await FakeDiscord.start();
    cleanups.push(() => fake.close());
    const { outcome, registered } = await attemptStart(fake, fake.token, new HandMovedLeadership());
    expect(outcome).not.toBeInstanceOf(Error);
    expect(registered).toEqual(["discord"]);
    expect(fake.commands.length).toBeGreaterThan(0);
    expect(fake.gatewayConnections).toHaveLength(0);
  });
});
