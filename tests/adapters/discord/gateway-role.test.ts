/**
 * The gateway follows the "discord-gateway" role, with the real discord.js client against the fake
 * Discord and a Leadership the test moves by hand: taking the role connects and events reach the
 * engine; losing it closes the connection and nothing more is handled; taking it again makes a new
 * session; a failed login is retried; a role lost during a login leaves no connection; and two
 * workers on one database, the role moved between them, handle each message once and both send over
 * REST. (The same rules with scripted clients: gateway.test.ts.)
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startDiscord } from "../../../adapters/discord/start.js";
import { messageToEvent } from "../../../adapters/discord/translate.js";
import { adapterPort, createApp } from "../../../src/app.js";
import { systemClock } from "../../../src/clock.js";
import { loadConfig } from "../../../src/config.js";
import { silentLogger } from "../../../src/logger.js";
import { type FakeDiscord, FakeDiscord as FakeDiscordServer } from "../../fakes/discord/fake-discord.js";
import { HandMovedLeadership, moveRole } from "../../fakes/leadership.js";
import { rawDM } from "../../helpers/discord-raw-message.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const role = "discord-gateway" as const;

async function startFake(): Promise<FakeDiscord> {
  const fake = await FakeDiscordServer.start();
  cleanups.push(() => fake.close());
  return fake;
}

/** One worker: its own app (connection, dispatcher) on the shared database file, and its own leadership. */
async function startWorker(fake: FakeDiscord, dbFile: string, leadership: HandMovedLeadership) {
  const app = createApp(
    loadConfig({
      INTERLUDE_DB: dbFile,
      DISCORD_BOT_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_ROOT: fake.restRoot,
    }),
    systemClock,
    silentLogger,
  );
  const base = adapterPort({ ...app, leadership });
  // Every update id this worker handed to its engine: the engine's dedupe would hide a double
  // delivery in the database, so the count is taken at the port.
  const handled: string[] = [];
  const port = {
    ...base,
    handle: (event: unknown) => {
      handled.push((event as { updateId: string }).updateId);
      return base.handle(event);
    },
  };
  const discord = await startDiscord(port, app.config, { gatewayRetryMs: 20 });
  cleanups.push(async () => {
    await discord.stop();
    app.database.close();
  });
  return { app, handled };
}

const newDbFile = () => join(mkdtempSync(join(tmpdir(), "interlude-gw-")), "gw.db");
const open = (fake: FakeDiscord) => fake.gatewayConnections.filter((c) => c.closedAt === undefined);
const identified = (fake: FakeDiscord) => open(fake).filter((c) => c.kind === "identify");
/** The newest connection is the only one open, and has identified (a takeover has finished). */
const onlyNewest = (fake: FakeDiscord, newerThan: number) => {
  const newest = fake.gatewayConnections.at(-1);
  return newest !== undefined && newest.id > newerThan && identified(fake).length === 1 && open(fake).length === 1
    ? identified(fake)[0]?.id === newest.id
    : false;
};

/** No two gateway connections were ever open at the same time. */
function neverTwoAtOnce(fake: FakeDiscord): boolean {
  const spans = fake.gatewayConnections.map((c) => [c.openedAt, c.closedAt ?? Number.POSITIVE_INFINITY] as const);
  return spans.every(([opened], i) => spans.slice(0, i).every(([, closed]) => closed <= opened));
}

describe("Discord gateway on the worker holding the role", () => {
  it("connects when the role is taken, and events reach the engine", async () => {
    const fake = await startFake();
    const leadership = new HandMovedLeadership();
    const { app, handled } = await startWorker(fake, newDbFile(), leadership);
    // Without the role: REST only. The commands are registered, no gateway is opened.
    expect(fake.commands.length).toBeGreaterThan(0);
    expect(fake.gatewayConnections).toHaveLength(0);
    leadership.grant(role);
    await fake.waitFor(() => identified(fake).length === 1, 10_000, "the gateway connected");
    const user = fake.user("2001");
    const id = user.sendDM("hello");
    await fake.waitFor(() => user.messages().some((m) => m.content === app.prompts.messages.t("en", "unlinked.hello")));
    expect(handled).toEqual([`m:${id}`]);
  }, 30_000);

  it("closes the connection when the role is lost, handles nothing more, and opens a new session when it is taken again", async () => {
    const fake = await startFake();
    const leadership = new HandMovedLeadership();
    leadership.grant(role);
    const { app, handled } = await startWorker(fake, newDbFile(), leadership);
    expect(identified(fake)).toHaveLength(1);
    const user = fake.user("2001");

    leadership.revoke(role);
    await fake.waitFor(() => open(fake).length === 0, 10_000, "the connection closed");
    expect(fake.gatewayConnections[0]?.closedBy).toBe("bot");
    expect(fake.dispatch("MESSAGE_CREATE", rawDM(fake, user, "anyone there?"))).toBe(0);
    expect(handled).toEqual([]);

    leadership.grant(role);
    await fake.waitFor(() => identified(fake).length === 1, 10_000, "connected again");
    const [first, second] = fake.gatewayConnections;
    expect(second?.kind).toBe("identify");
    expect(second?.sessionId).not.toBe(first?.sessionId);
    const id = user.sendDM("hello");
    await fake.waitFor(() => user.messages().some((m) => m.content === app.prompts.messages.t("en", "unlinked.hello")));
    expect(handled).toEqual([`m:${id}`]);
    expect(neverTwoAtOnce(fake)).toBe(true);
  }, 40_000);

  it("retries a login that failed while the role is held", async () => {
    const fake = await startFake();
    const leadership = new HandMovedLeadership();
    const { handled } = await startWorker(fake, newDbFile(), leadership);
    // The start-up check passed; the gateway's own first look-up is refused.
    fake.failNext("GET", /^\/gateway\/bot$/, 1, { status: 401, body: { message: "401: Unauthorized", code: 0 } });
    leadership.grant(role);
    await fake.waitFor(() => identified(fake).length === 1, 10_000, "connected on the retry");
    expect(fake.requestsTo("GET", "/gateway/bot").map((r) => r.status)).toEqual([200, 401, 200]);
    const user = fake.user("2001");
    const id = user.sendDM("hello");
    await fake.waitFor(() => handled.includes(`m:${id}`));
  }, 30_000);

  it("leaves no connection open when the role is lost while the login is under way", async () => {
    const fake = await startFake();
    const leadership = new HandMovedLeadership();
    const { handled } = await startWorker(fake, newDbFile(), leadership);
    leadership.grant(role);
    // The client exists and is fetching the gateway's address: the login is in flight.
    await fake.waitFor(() => fake.requestsTo("GET", "/gateway/bot").length === 2, 10_000, "the login started");
    leadership.revoke(role);
    await fake.waitFor(
      () => fake.gatewayConnections.length > 0 && open(fake).length === 0,
      15_000,
      "the late connection closed",
    );
    const user = fake.user("2001");
    expect(fake.dispatch("MESSAGE_CREATE", rawDM(fake, user, "hello?"))).toBe(0);
    expect(handled).toEqual([]);

    // Flapping: taken, lost and taken again at once; one client in the end, never two at a time.
    leadership.grant(role);
    leadership.revoke(role);
    leadership.grant(role);
    await fake.waitFor(() => identified(fake).length === 1, 15_000, "connected after the flap");
    const id = user.sendDM("hello");
    await fake.waitFor(() => handled.includes(`m:${id}`));
    expect(handled).toEqual([`m:${id}`]);
    expect(neverTwoAtOnce(fake)).toBe(true);
  }, 40_000);
});

describe("two workers on one database", () => {
  it("handle each message once while the role moves between them, and both send over REST", async () => {
    const fake = await startFake();
    const dbFile = newDbFile();
    const [first, second] = [new HandMovedLeadership(), new HandMovedLeadership()];
    first.grant(role);
    const a = await startWorker(fake, dbFile, first);
    const b = await startWorker(fake, dbFile, second);
    expect(fake.gatewayConnections).toHaveLength(1);
    const user = fake.user("2001");
    const hello = a.app.prompts.messages.t("en", "unlinked.hello");
    const replies = () => user.messages().filter((m) => m.content === hello).length;

    const one = user.sendDM("hello");
    await fake.waitFor(() => replies() === 1);

    moveRole(role, first, second);
    await fake.waitFor(() => onlyNewest(fake, 1), 15_000, "the takeover");
    const two = user.sendDM("hello again");
    await fake.waitFor(() => replies() === 2);

    moveRole(role, second, first);
    await fake.waitFor(() => onlyNewest(fake, 2), 15_000, "taken back");
    const three = user.sendDM("and again");
    await fake.waitFor(() => replies() === 3);

    expect(a.handled).toEqual([`m:${one}`, `m:${three}`]);
    expect(b.handled).toEqual([`m:${two}`]);
    // Across workers the old connection may still be closing when the new one opens (as with a real
    // election); what counts is that the old one hands nothing on from the moment it lost the role.

    // The worker without the gateway sends too: an event handled on b goes out through b's REST.
    b.app.engine.handle(
      messageToEvent({
        id: fake.snowflake(),
        authorId: user.id,
        authorIsBot: false,
        channelId: user.dmChannelId,
        inGuild: false,
        content: "hello from elsewhere",
        hasNonText: false,
      }),
    );
    // Drained until sent: the chat's spacing (held in memory) may make the first drain wait. Only b
    // drains here (a drains after its own events, and there are none).
    await fake.waitFor(
      () => {
        void b.app.dispatcher.drain().catch(() => undefined);
        return replies() === 4;
      },
      15_000,
      "b's reply sent",
    );
  }, 60_000);
});
