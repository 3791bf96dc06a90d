/**
 * Self-test of the fake Discord: first over plain HTTP (routing, auth, limits, error bodies, interaction
 * acknowledgement rules, command validation), then with the real discord.js Client over REST and the gateway
 * (login, DMs in and out with Partials.Channel, buttons, slash commands, resume after a drop, 429 handled by the
 * REST queue, 50007), so that Discord adapter tests can trust what the fake says.
 */
import {
  ActionRowBuilder,
  ApplicationIntegrationType,
  ButtonBuilder,
  ButtonStyle,
  ChannelType,
  Client,
  type ClientEvents,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  InteractionContextType,
  type Message,
  MessageFlags,
  MessageReferenceType,
  MessageType,
  Partials,
  type RateLimitData,
  RESTEvents,
  SlashCommandBuilder,
} from "discord.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type DiscordErrorBody, FakeDiscord, type FakeDiscordOptions } from "../fakes/discord/fake-discord.js";

const ALICE = "200000000000000001";
const BOB = "200000000000000002";

const fakes: FakeDiscord[] = [];
afterEach(async () => {
  for (const fake of fakes.splice(0)) await fake.close();
});

async function startFake(options?: FakeDiscordOptions): Promise<FakeDiscord> {
  const fake = await FakeDiscord.start(options);
  fakes.push(fake);
  return fake;
}

interface CallOptions {
  body?: unknown;
  token?: string | null;
}

/** A raw REST call the way @discordjs/rest makes it: `${restRoot}/v10${path}` with `Authorization: Bot <token>`. */
async function call(fake: FakeDiscord, method: string, path: string, options: CallOptions = {}) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  const token = options.token === undefined ? fake.token : options.token;
  if (token !== null) headers.authorization = `Bot ${token}`;
  const res = await fetch(`${fake.restRoot}/v10${path}`, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  const isJson = res.headers.get("content-type")?.startsWith("application/json") ?? false;
  return { status: res.status, json: (isJson ? JSON.parse(text) : text) as Record<string, unknown> };
}

const button = (customId: string, label = customId) => ({ type: 2, style: 1, custom_id: customId, label });
const row = (...ids: string[]) => ({ type: 1, components: ids.map((id) => button(id)) });

function newClient(fake: FakeDiscord): Client {
  return new Client({
    intents: [GatewayIntentBits.DirectMessages, GatewayIntentBits.Guilds, GatewayIntentBits.MessageContent],
    partials: [Partials.Channel],
    rest: { api: fake.restRoot },
  });
}

/** Resolves with the arguments of the next `event` that passes `filter`. */
function nextEvent<E extends keyof ClientEvents>(
  client: Client,
  event: E,
  filter: (...args: ClientEvents[E]) => boolean = () => true,
  ms = 5000,
): Promise<ClientEvents[E]> {
  return new Promise((resolve, reject) => {
    const listener = (...args: ClientEvents[E]) => {
      if (!filter(...args)) return;
      clearTimeout(timer);
      client.off(event, listener);
      resolve(args);
    };
    const timer = setTimeout(() => {
      client.off(event, listener);
      reject(new Error(`no ${String(event)} within ${ms} ms`));
    }, ms);
    client.on(event, listener);
  });
}

describe("fake Discord over HTTP", () => {
  it("routes /api/v10, checks the bot token, and answers Discord's 401/404 bodies", async () => {
    const fake = await startFake();
    expect(fake.restRoot).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/);

    const gateway = await call(fake, "GET", "/gateway/bot");
    expect(gateway).toEqual({
      status: 200,
      json: {
        url: fake.gatewayUrl,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 86_400_000, max_concurrency: 1 },
      },
    });
    expect(await call(fake, "GET", "/gateway/bot", { token: "wrong" })).toEqual({
      status: 401,
      json: { message: "401: Unauthorized", code: 0 },
    });
    expect(await call(fake, "GET", "/users/@me", { token: null })).toMatchObject({ status: 401 });
    expect(await call(fake, "GET", "/pigeons/1")).toEqual({
      status: 404,
      json: { message: "404: Not Found", code: 0 },
    });
    expect((await call(fake, "GET", "/users/@me")).json).toMatchObject({ id: fake.botUserId, bot: true });
    expect(fake.botUserId).toBe(fake.applicationId);
    expect(fake.requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ["GET", "/gateway/bot", 200],
      ["GET", "/gateway/bot", 401],
      ["GET", "/users/@me", 401],
      ["GET", "/pigeons/1", 404],
      ["GET", "/users/@me", 200],
    ]);
  });

  it("creates stable DM channels and enforces message limits with 50035 bodies", async () => {
    const fake = await startFake();
    const alice = fake.user(ALICE, "Alice");
    const dm = await call(fake, "POST", "/users/@me/channels", { body: { recipient_id: ALICE } });
    expect(dm).toMatchObject({ status: 200, json: { id: alice.dmChannelId, type: 1, recipients: [{ id: ALICE }] } });
    expect((await call(fake, "POST", "/users/@me/channels", { body: { recipient_id: ALICE } })).json.id).toBe(
      alice.dmChannelId,
    );
    const messages = `/channels/${alice.dmChannelId}/messages`;

    const tooLong = await call(fake, "POST", messages, { body: { content: "x".repeat(2001) } });
    expect(tooLong).toEqual({
      status: 400,
      json: {
        message: "Invalid Form Body",
        code: 50035,
        errors: {
          content: { _errors: [{ code: "BASE_TYPE_MAX_LENGTH", message: "Must be 2000 or fewer in length." }] },
        },
      },
    });
    // Discord counts code points: 2000 emoji are 4000 UTF-16 units and still fit.
    expect((await call(fake, "POST", messages, { body: { content: "🙂".repeat(2000) } })).status).toBe(200);

    const sixRows = await call(fake, "POST", messages, {
      body: { content: "x", components: ["a", "b", "c", "d", "e", "f"].map((id) => row(id)) },
    });
    expect(sixRows.status).toBe(400);
    expect(sixRows.json).toMatchObject({
      code: 50035,
      errors: { components: { _errors: [{ code: "BASE_TYPE_MAX_LENGTH" }] } },
    });
    const sixButtons = await call(fake, "POST", messages, {
      body: { content: "x", components: [row("a", "b", "c", "d", "e", "f")] },
    });
    expect(sixButtons.json).toMatchObject({
      code: 50035,
      errors: { components: { "0": { components: { _errors: [{ code: "BASE_TYPE_BAD_LENGTH" }] } } } },
    });
    const longId = await call(fake, "POST", messages, { body: { content: "x", components: [row("y".repeat(101))] } });
    expect(longId.json).toMatchObject({
      code: 50035,
      errors: {
        components: { "0": { components: { "0": { custom_id: { _errors: [{ code: "BASE_TYPE_BAD_LENGTH" }] } } } } },
      },
    });
    expect((await call(fake, "POST", messages, { body: { content: "" } })).json).toEqual({
      message: "Cannot send an empty message",
      code: 50006,
    });

    // A valid message with buttons; Discord numbers the components.
    const sent = await call(fake, "POST", messages, {
      body: { content: "How are you?", components: [row("mood:good", "mood:bad")], allowed_mentions: { parse: [] } },
    });
    expect(sent.status).toBe(200);
    expect(sent.json).toMatchObject({
      content: "How are you?",
      author: { id: fake.botUserId, bot: true },
      channel_id: alice.dmChannelId,
    });
    expect(alice.buttons()).toEqual([
      { label: "mood:good", custom_id: "mood:good" },
      { label: "mood:bad", custom_id: "mood:bad" },
    ]);
    expect(alice.lastMessage()).toMatchObject({ allowed_mentions: { parse: [] }, components: [{ type: 1, id: 1 }] });

    // Edit removes the buttons; delete flags the message.
    const id = String(sent.json.id);
    const edited = await call(fake, "PATCH", `${messages}/${id}`, { body: { content: "Thanks", components: [] } });
    expect(edited.json).toMatchObject({ content: "Thanks", components: [] });
    expect(alice.buttons(id)).toEqual([]);
    expect(alice.lastMessage()).toMatchObject({ id, edited: true });
    expect((await call(fake, "GET", `/channels/${alice.dmChannelId}`)).json).toMatchObject({ last_message_id: id });
    expect((await call(fake, "DELETE", `${messages}/${id}`)).status).toBe(204);
    expect(alice.messages().find((m) => m.id === id)?.deleted).toBe(true);
    expect((await call(fake, "PATCH", `${messages}/${id}`, { body: { content: "again" } })).json).toEqual({
      message: "Unknown Message",
      code: 10008,
    });

    // enforce_nonce: the same nonce returns the same message instead of a duplicate.
    const first = await call(fake, "POST", messages, { body: { content: "once", nonce: "n-1", enforce_nonce: true } });
    const again = await call(fake, "POST", messages, { body: { content: "once", nonce: "n-1", enforce_nonce: true } });
    expect(again.json.id).toBe(first.json.id);
    expect(alice.messages().filter((m) => m.content === "once")).toHaveLength(1);
    expect(alice.lastMessage()).toMatchObject({ nonce: "n-1", enforce_nonce: true });
    // Without enforce_nonce a repeated nonce is just another message.
    await call(fake, "POST", messages, { body: { content: "twice", nonce: "n-2" } });
    await call(fake, "POST", messages, { body: { content: "twice", nonce: "n-2" } });
    expect(alice.messages().filter((m) => m.content === "twice")).toHaveLength(2);

    fake.closeDMs(ALICE);
    expect(await call(fake, "POST", messages, { body: { content: "hi" } })).toEqual({
      status: 403,
      json: { message: "Cannot send messages to this user", code: 50007 },
    });
    fake.reopenDMs(ALICE);
    expect((await call(fake, "POST", messages, { body: { content: "hi" } })).status).toBe(200);
  });

  it("acknowledges an interaction once, without the bot token, and only within the deadline", async () => {
    const fake = await startFake({ interactionDeadlineMs: 300 });
    const alice = fake.user(ALICE);
    const sent = await call(fake, "POST", `/channels/${alice.dmChannelId}/messages`, {
      body: { content: "Pick", components: [row("a")] },
    });
    const messageId = String(sent.json.id);
    expect(() => alice.press(messageId, "nope")).toThrow(/has no component "nope" \(it has: a\)/);

    const iid = alice.press(messageId, "a");
    expect(iid).toMatch(/^\d{17,20}$/);
    const token = fake.interactionToken(iid);
    const callback = `/interactions/${iid}/${token}/callback`;
    expect(await call(fake, "POST", `/interactions/${iid}/wrong/callback`, { body: { type: 6 }, token: null })).toEqual(
      {
        status: 404,
        json: { message: "Unknown interaction", code: 10062 },
      },
    );
    const first = await call(fake, "POST", `${callback}?with_response=true`, {
      body: { type: 7, data: { content: "Picked a", components: [] } },
      token: null,
    });
    expect(first).toMatchObject({
      status: 200,
      json: { interaction: { id: iid, type: 3, response_message_id: messageId }, resource: { type: 7 } },
    });
    expect(alice.lastMessage()).toMatchObject({ content: "Picked a", components: [] });
    expect(await call(fake, "POST", callback, { body: { type: 6 }, token: null })).toEqual({
      status: 400,
      json: { message: "Interaction has already been acknowledged.", code: 40060 },
    });
    // @original of a component interaction is the message the button was on.
    const original = `/webhooks/${fake.applicationId}/${token}/messages/@original`;
    expect(
      (await call(fake, "PATCH", original, { body: { content: "Edited via webhook" }, token: null })).json,
    ).toMatchObject({
      id: messageId,
      content: "Edited via webhook",
    });

    // Too slow: past the deadline Discord has forgotten the interaction.
    const late = alice.press(
      String(
        (
          await call(fake, "POST", `/channels/${alice.dmChannelId}/messages`, {
            body: { content: "Again", components: [row("b")] },
          })
        ).json.id,
      ),
      "b",
    );
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(
      await call(fake, "POST", `/interactions/${late}/${fake.interactionToken(late)}/callback`, {
        body: { type: 6 },
        token: null,
      }),
    ).toEqual({ status: 404, json: { message: "Unknown interaction", code: 10062 } });
    expect(fake.interactionResponses.has(late)).toBe(false);
    expect(fake.interactionResponses.get(iid)).toMatchObject({ type: 7 });
  });

  it("validates command registration (locales, names) and records the last bulk overwrite", async () => {
    const fake = await startFake();
    const path = `/applications/${fake.applicationId}/commands`;
    const badLocale = await call(fake, "PUT", path, {
      body: [{ name: "checkin", description: "Start", name_localizations: { en: "checkin" } }],
    });
    expect(badLocale.json).toMatchObject({
      code: 50035,
      errors: { "0": { name_localizations: { en: { _errors: [{ code: "ENUM_TYPE_COERCE" }] } } } },
    });
    expect((await call(fake, "PUT", path, { body: [{ name: "CheckIn", description: "Start" }] })).status).toBe(400);
    const good = await call(fake, "PUT", path, {
      body: [
        {
          name: "checkin",
          description: "Start a check-in",
          name_localizations: { ru: "отметка" },
          description_localizations: { ru: "Начать отметку" },
          contexts: [1],
          integration_types: [0],
        },
      ],
    });
    expect(good.status).toBe(200);
    expect(fake.commands).toEqual([
      expect.objectContaining({
        id: expect.stringMatching(/^\d+$/),
        application_id: fake.applicationId,
        type: 1,
        name: "checkin",
        name_localizations: { ru: "отметка" },
        description_localizations: { ru: "Начать отметку" },
        contexts: [1],
        integration_types: [0],
      }),
    ]);
    expect((await call(fake, "GET", path)).json).toEqual(fake.commands);
    // Re-registering keeps the id, like Discord.
    const firstId = fake.commands[0]?.id;
    await call(fake, "PUT", path, { body: [{ name: "checkin", description: "Changed" }] });
    expect(fake.commands[0]?.id).toBe(firstId);
    expect((await call(fake, "PUT", `/applications/1/commands`, { body: [] })).json).toEqual({
      message: "Unknown Application",
      code: 10002,
    });
    // A command registered only for guilds cannot be run in the bot DM.
    await call(fake, "PUT", path, { body: [{ name: "admin", description: "Guild only", contexts: [0] }] });
    expect(() => fake.user(ALICE).slash("admin")).toThrow(/contexts \[0\]/);
  });

  it("scripts failures by method and path", async () => {
    const fake = await startFake();
    fake.failNext("GET", /^\/users\/@me$/, 2, FakeDiscord.serverError(502));
    expect((await call(fake, "GET", "/users/@me")).status).toBe(502);
    expect((await call(fake, "GET", "/gateway/bot")).status).toBe(200);
    expect((await call(fake, "GET", "/users/@me")).status).toBe(502);
    expect((await call(fake, "GET", "/users/@me")).status).toBe(200);
    fake.failNext("*", /^\/users\/@me$/, 1, FakeDiscord.rateLimited(0.5));
    const limited = await fetch(`${fake.restRoot}/v10/users/@me`, { headers: { authorization: `Bot ${fake.token}` } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    expect(limited.headers.get("x-ratelimit-reset-after")).toBe("0.500");
    expect(await limited.json()).toEqual({ message: "You are being rate limited.", retry_after: 0.5, global: false });
    expect(fake.requestsTo("GET", "/users/@me").map((r) => r.status)).toEqual([502, 502, 200, 429]);
  });

  it("rejects a wrong token at login the way discord.js expects (TokenInvalid)", async () => {
    const fake = await startFake();
    const client = newClient(fake);
    try {
      await expect(client.login("not-the-token")).rejects.toMatchObject({ code: "TokenInvalid" });
      expect(fake.requests.map((r) => [r.path, r.status])).toEqual([["/gateway/bot", 401]]);
      expect(fake.gatewayConnections).toEqual([]);
    } finally {
      await client.destroy();
    }
  });
});

describe("real discord.js against the fake", () => {
  let fake: FakeDiscord;
  let client: Client;
  const clientErrors: unknown[] = [];
  // Shared between the steps below, which run in order.
  let prompt: Message | undefined;

  beforeAll(async () => {
    fake = await FakeDiscord.start({ heartbeatIntervalMs: 1000 });
    client = newClient(fake);
    client.on(Events.Error, (error) => clientErrors.push(error));
    client.on(Events.ShardError, (error) => clientErrors.push(error));
  });

  afterAll(async () => {
    await client.destroy();
    await fake.close();
  });

  it("logs in: one GET /gateway/bot, IDENTIFY on the gateway URL, READY -> clientReady", async () => {
    const ready = nextEvent(client, Events.ClientReady);
    await client.login(fake.token);
    await ready;
    expect(client.user?.id).toBe(fake.botUserId);
    expect(client.application?.id).toBe(fake.applicationId);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /gateway/bot"]);
    expect(fake.requests[0]?.authorization).toBe(`Bot ${fake.token}`);
    expect(fake.gatewayConnections).toEqual([
      expect.objectContaining({ id: 1, url: "/gateway?v=10&encoding=json", kind: "identify" }),
    ]);
    const opsIn = fake.gatewayLog.filter((e) => e.direction === "in").map((e) => e.op);
    expect(opsIn).toContain(2);
    expect(fake.gatewayLog.find((e) => e.t === "READY")).toMatchObject({ direction: "out", s: 1 });
  });

  it("receives a DM in an unknown channel (Partials.Channel) and answers with a button row", async () => {
    const alice = fake.user(ALICE, "Alice");
    const fromAlice = nextEvent(client, Events.MessageCreate, (m) => !m.author.bot);
    const dmId = alice.sendDM("hello bot");
    const [message] = await fromAlice;
    expect(message.id).toBe(dmId);
    expect(message.content).toBe("hello bot");
    expect(message.channel.isDMBased()).toBe(true);
    expect(message.channel.type).toBe(ChannelType.DM);
    expect(message.channelId).toBe(alice.dmChannelId);
    expect(message.guildId).toBeNull();
    expect(message.author.id).toBe(ALICE);
    expect(Math.abs(message.createdTimestamp - Date.now())).toBeLessThan(5000);

    const buttons = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId("mood:good").setLabel("Good").setStyle(ButtonStyle.Success),
      new ButtonBuilder().setCustomId("mood:bad").setLabel("Not great").setStyle(ButtonStyle.Secondary),
    );
    if (!message.channel.isSendable()) throw new Error("DM channel should be sendable");
    // Discord echoes the bot's own message back over the gateway (adapters must skip author.bot).
    const echo = nextEvent(client, Events.MessageCreate, (m) => m.author.bot);
    prompt = await message.channel.send({ content: "How are you today?", components: [buttons] });
    expect((await echo)[0].id).toBe(prompt.id);

    expect(alice.lastMessage()).toMatchObject({ id: prompt.id, content: "How are you today?", ephemeral: false });
    expect(alice.buttons()).toEqual([
      { label: "Good", custom_id: "mood:good" },
      { label: "Not great", custom_id: "mood:bad" },
    ]);
    // The channel came with the DM, so discord.js did not need POST /users/@me/channels.
    expect(fake.requestsTo("POST", "/users/@me/channels")).toEqual([]);
    expect(fake.requestsTo("POST", `/channels/${alice.dmChannelId}/messages`)).toHaveLength(1);
  });

  it("delivers a user's edit, forward, attachment and reply the way discord.js reads them", async () => {
    const alice = fake.user(ALICE);
    const sent = nextEvent(client, Events.MessageCreate, (m) => !m.author.bot);
    const id = alice.sendDM("first words");
    await sent;
    const updated = nextEvent(client, Events.MessageUpdate, (_old, m) => m.id === id);
    const payload = alice.editDM(id, "second words");
    const [before, after] = await updated;
    expect(before.content).toBe("first words");
    expect(after.content).toBe("second words");
    expect(after.editedTimestamp).toBe(Date.parse(String(payload.edited_timestamp)));

    const forwarded = nextEvent(client, Events.MessageCreate, (m) => !m.author.bot && m.reference !== null);
    alice.forwardDM("someone else's words");
    const [forward] = await forwarded;
    expect(forward.content).toBe("");
    expect(forward.reference?.type).toBe(MessageReferenceType.Forward);
    expect(forward.messageSnapshots.first()?.content).toBe("someone else's words");

    const withFile = nextEvent(client, Events.MessageCreate, (m) => !m.author.bot && m.attachments.size > 0);
    alice.sendDMWithAttachment("look at this", "sunset.png");
    const [attached] = await withFile;
    expect(attached.content).toBe("look at this");
    expect(attached.attachments.first()?.name).toBe("sunset.png");

    const replied = nextEvent(client, Events.MessageCreate, (m) => !m.author.bot && m.type === MessageType.Reply);
    alice.replyDM(id, "a reply");
    const [reply] = await replied;
    expect(reply.content).toBe("a reply");
    expect(reply.reference).toMatchObject({ type: MessageReferenceType.Default, messageId: id });
  });

  it("delivers a button press and records interaction.update() as type 7 that removes the buttons", async () => {
    const alice = fake.user(ALICE);
    if (!prompt) throw new Error("previous step did not run");
    const pressed = nextEvent(client, Events.InteractionCreate, (i) => i.isButton());
    const iid = alice.press(prompt.id, "mood:good");
    const [interaction] = await pressed;
    if (!interaction.isButton()) throw new Error("expected a button interaction");
    expect(interaction.id).toBe(iid);
    expect(interaction.customId).toBe("mood:good");
    expect(interaction.user.id).toBe(ALICE);
    expect(interaction.inGuild()).toBe(false);
    expect(interaction.channel?.isDMBased()).toBe(true);
    expect(interaction.message.id).toBe(prompt.id);
    expect(interaction.context).toBe(InteractionContextType.BotDM);

    await interaction.update({ content: "Thanks, noted: good", components: [] });
    const response = fake.interactionResponses.get(iid);
    expect(response).toMatchObject({ type: 7, data: { content: "Thanks, noted: good", components: [] } });
    expect(response?.msAfterCreate).toBeLessThan(3000);
    expect(alice.buttons(prompt.id)).toEqual([]);
    expect(alice.lastMessage()).toMatchObject({ id: prompt.id, content: "Thanks, noted: good", edited: true });

    // Interaction callbacks go without the bot token; the URL's interaction token authenticates them.
    const [callback] = fake.requestsTo("POST", new RegExp(`^/interactions/${iid}/[^/]+/callback$`));
    expect(callback).toMatchObject({ status: 204, authorization: undefined, query: "with_response=false" });
    // discord.js refuses a second acknowledgement locally; Discord itself answers 40060.
    const second = await fetch(`${fake.restRoot}/v10/interactions/${iid}/${interaction.token}/callback`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: 6 }),
    });
    expect(second.status).toBe(400);
    expect((await second.json()) as DiscordErrorBody).toEqual({
      message: "Interaction has already been acknowledged.",
      code: 40060,
    });
  });

  it("registers localized global commands with contexts and integration types", async () => {
    const application = client.application;
    if (!application) throw new Error("no application after READY");
    await application.commands.set([
      new SlashCommandBuilder()
        .setName("checkin")
        .setDescription("Start a check-in")
        .setNameLocalizations({ ru: "отметка" })
        .setDescriptionLocalizations({ ru: "Начать отметку" })
        .setContexts(InteractionContextType.BotDM)
        .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
        .addStringOption((o) => o.setName("when").setDescription("When to check in")),
      new SlashCommandBuilder()
        .setName("ping")
        .setDescription("Ping")
        .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM),
    ]);
    expect(fake.requestsTo("PUT", `/applications/${fake.applicationId}/commands`)).toHaveLength(1);
    expect(fake.commands).toMatchObject([
      {
        name: "checkin",
        name_localizations: { ru: "отметка" },
        description_localizations: { ru: "Начать отметку" },
        contexts: [1],
        integration_types: [0],
        options: [{ name: "when", type: 3 }],
      },
      { name: "ping", contexts: [0, 1] },
    ]);
    expect(application.commands.cache.map((c) => c.name).sort()).toEqual(["checkin", "ping"]);
  });

  it("delivers a DM slash command; reply is ephemeral (type 4, flags 64); follow-up and editReply work", async () => {
    const alice = fake.user(ALICE);
    const received = nextEvent(client, Events.InteractionCreate, (i) => i.isChatInputCommand());
    const iid = alice.slash("checkin", { when: "now" });
    const [interaction] = await received;
    if (!interaction.isChatInputCommand()) throw new Error("expected a chat input command");
    expect(interaction.id).toBe(iid);
    expect(interaction.commandName).toBe("checkin");
    expect(interaction.commandId).toBe(fake.commands[0]?.id);
    expect(interaction.options.getString("when")).toBe("now");
    expect(interaction.channel?.isDMBased()).toBe(true);
    expect(interaction.locale).toBe("en-US");

    await interaction.reply({ content: "Check-in started", flags: MessageFlags.Ephemeral });
    expect(fake.interactionResponses.get(iid)).toMatchObject({
      type: 4,
      data: { content: "Check-in started", flags: 64 },
    });
    expect(fake.interactionResponses.get(iid)?.msAfterCreate).toBeLessThan(3000);
    expect(alice.lastMessage()).toMatchObject({ content: "Check-in started", ephemeral: true, interactionId: iid });

    const follow = await interaction.followUp({ content: "One more question", flags: MessageFlags.Ephemeral });
    expect(follow.content).toBe("One more question");
    expect(fake.requestsTo("POST", `/webhooks/${fake.applicationId}/${interaction.token}`)).toMatchObject([
      { status: 200, query: "wait=true", authorization: undefined },
    ]);
    await interaction.editReply("Check-in started (edited)");
    expect(alice.messages().find((m) => m.interactionId === iid)).toMatchObject({
      content: "Check-in started (edited)",
      edited: true,
    });
  });

  it("delivers a guild slash command with member; deferReply (type 5) then editReply fills it", async () => {
    const alice = fake.user(ALICE);
    const guildId = fake.snowflake();
    const channelId = fake.snowflake();
    const received = nextEvent(client, Events.InteractionCreate, (i) => i.isChatInputCommand());
    const iid = alice.slashInGuild(guildId, channelId, "ping");
    const [interaction] = await received;
    if (!interaction.isChatInputCommand()) throw new Error("expected a chat input command");
    expect(interaction.inGuild()).toBe(true);
    expect(interaction.guildId).toBe(guildId);
    expect(interaction.channelId).toBe(channelId);
    expect(interaction.member?.user.id).toBe(ALICE);
    expect(interaction.context).toBe(InteractionContextType.Guild);

    await interaction.deferReply();
    expect(fake.interactionResponses.get(iid)).toMatchObject({ type: 5 });
    expect(fake.messagesIn(channelId).at(-1)).toMatchObject({ loading: true, content: "" });
    await interaction.editReply("pong");
    expect(fake.messagesIn(channelId).at(-1)).toMatchObject({ loading: false, content: "pong" });
  });

  it("survives a gateway drop: RESUMEs on resume_gateway_url and replays the DM sent meanwhile", async () => {
    const alice = fake.user(ALICE);
    const resumed = nextEvent(client, Events.ShardResume);
    const received = nextEvent(client, Events.MessageCreate, (m) => m.content === "still there?");
    expect(fake.disconnectAll()).toBe(1);
    // The socket is down now: this DM goes into the session's log and comes back on RESUME.
    const id = alice.sendDM("still there?");
    const [message] = await received;
    await resumed;
    expect(message.id).toBe(id);
    expect(message.channel.isDMBased()).toBe(true);
    expect(fake.gatewayConnections.at(-1)).toMatchObject({ url: "/gateway-resume?v=10&encoding=json", kind: "resume" });
    expect(fake.gatewayConnections.filter((c) => c.kind === "identify")).toHaveLength(1);
    expect(fake.gatewayConnections[0]).toMatchObject({ closeCode: 4000, closedBy: "fake" });

    // And live events flow on the resumed connection.
    const live = nextEvent(client, Events.MessageCreate, (m) => m.content === "after resume");
    const liveId = alice.sendDM("after resume");
    expect((await live)[0].id).toBe(liveId);
  });

  it("lets discord.js's REST queue absorb a 429 (the message still arrives)", async () => {
    const alice = fake.user(ALICE);
    const path = `/channels/${alice.dmChannelId}/messages`;
    fake.failNext("POST", new RegExp(`^${path}$`), 1, FakeDiscord.rateLimited(0.3));
    const rateLimited = new Promise<RateLimitData>((resolve) => client.rest.once(RESTEvents.RateLimited, resolve));
    const before = fake.requestsTo("POST", path).length;
    const started = Date.now();
    const sent = await client.users.send(ALICE, "after a 429");
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(sent.content).toBe("after a 429");
    expect(
      fake
        .requestsTo("POST", path)
        .slice(before)
        .map((r) => r.status),
    ).toEqual([429, 200]);
    expect(await rateLimited).toMatchObject({ route: "/channels/:id/messages", global: false });
    expect(alice.lastMessage()?.content).toBe("after a 429");
  });

  it("surfaces closed DMs as DiscordAPIError 50007 and form errors as 50035", async () => {
    fake.user(BOB, "Bob");
    fake.closeDMs(BOB);
    const error = await client.users.send(BOB, "hello?").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect(error).toMatchObject({ code: 50007, status: 403, method: "POST" });
    // discord.js opened the DM first, since it had never seen Bob's channel.
    expect(fake.requestsTo("POST", "/users/@me/channels").at(-1)).toMatchObject({
      body: { recipient_id: BOB },
      status: 200,
    });

    const tooLong = await client.users.send(ALICE, "x".repeat(2001)).catch((e: unknown) => e);
    expect(tooLong).toBeInstanceOf(DiscordAPIError);
    expect(tooLong).toMatchObject({ code: 50035, status: 400 });
    expect(String((tooLong as Error).message)).toContain(
      "content[BASE_TYPE_MAX_LENGTH]: Must be 2000 or fewer in length.",
    );
  });

  it("heartbeats are acknowledged, custom dispatches arrive, and destroy closes the socket with 1000", async () => {
    await fake.waitFor(
      () => fake.gatewayLog.some((e) => e.direction === "out" && e.op === 11),
      5000,
      "a HEARTBEAT_ACK",
    );
    expect(fake.gatewayLog.some((e) => e.direction === "in" && e.op === 1)).toBe(true);

    const typing = nextEvent(client, Events.TypingStart);
    expect(
      fake.dispatch("TYPING_START", {
        channel_id: fake.user(ALICE).dmChannelId,
        user_id: ALICE,
        timestamp: Math.floor(Date.now() / 1000),
      }),
    ).toBe(1);
    // TYPING_START needs the DirectMessageTyping intent in real Discord; `dispatch` ignores intents on purpose.
    const [typingEvent] = await typing;
    expect(typingEvent.user.id).toBe(ALICE);

    await client.destroy();
    await fake.waitFor(() => fake.gatewayConnections.at(-1)?.closedAt, 5000, "the bot closing its socket");
    expect(fake.gatewayConnections.at(-1)).toMatchObject({ closeCode: 1000, closedBy: "bot" });
    expect(clientErrors).toEqual([]);
  });
});
