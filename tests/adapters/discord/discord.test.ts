/**
 * The real discord.js client, started by Interlude's own start-up code (`startDiscord`), against a
 * local fake Discord (REST + gateway): a DM arrives (the 14.26.2-14.26.3 regression), enrolment with
 * /link, consent and a check-in by buttons, interactions acknowledged within 3 s, stale presses,
 * a server-channel command answered ephemerally, 50007 handled as undeliverable, and a gateway drop.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startDiscord } from "../../../adapters/discord/start.js";
import { type App, adapterPort, createApp } from "../../../src/app.js";
import { systemClock } from "../../../src/clock.js";
import { loadConfig } from "../../../src/config.js";
import { createInvite } from "../../../src/db/repos/invites.js";
import { createClient, createPractice, createTherapist } from "../../../src/db/repos/people.js";
import { alerts, answers, identities } from "../../../src/db/schema.js";
import { silentLogger } from "../../../src/logger.js";
import { FakeDiscord } from "../../fakes/discord/fake-discord.js";
import { rawDM, rawMessage } from "../../helpers/discord-raw-message.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const en = (app: App, key: Parameters<App["prompts"]["messages"]["t"]>[1]) => app.prompts.messages.t("en", key);

async function setUp() {
  const fake = await FakeDiscord.start();
  cleanups.push(() => fake.close());
  const config = loadConfig({
    INTERLUDE_DB: join(mkdtempSync(join(tmpdir(), "interlude-dc-")), "dc.db"),
    DISCORD_BOT_TOKEN: fake.token,
    DISCORD_APPLICATION_ID: fake.applicationId,
    DISCORD_API_ROOT: fake.restRoot,
  });
  const app = createApp(config, systemClock, silentLogger);
  const discord = await startDiscord(adapterPort(app), app.config);
  cleanups.push(async () => {
    await discord.stop();
    app.database.close();
  });
  const now = new Date();
  const { db } = app.database;
  const practice = createPractice(db, { name: "P", timezone: "UTC", locale: "en" }, now);
  const therapist = createTherapist(db, { practiceId: practice.id, alias: "T" }, now);
  const client = createClient(
    db,
    { practiceId: practice.id, therapistId: therapist.id, alias: "Oak-7", locale: "en", checkinId: "alliance-safety" },
    now,
  );
  return { fake, app, clientId: client.id, code: createInvite(db, { clientId: client.id }, now, 7).code };
}

type Context = Awaited<ReturnType<typeof setUp>>;

/** A client DMs `/link CODE` and taps I agree. */
async function enrol(ctx: Context, userId: string) {
  const { fake, app, code } = ctx;
  const user = fake.user(userId);
  user.sendDM(`/link ${code}`);
  await fake.waitFor(() => user.buttons().some((b) => b.label === "I agree"));
  user.press(user.lastMessage()?.id as string, user.buttons().find((b) => b.label === "I agree")?.custom_id as string);
  await fake.waitFor(() => user.messages().some((m) => m.content === en(app, "consent.accepted")));
  return user;
}

/** Queues a check-in and waits until its first question, with five buttons, is on screen. */
async function startCheckin(ctx: Context, user: ReturnType<FakeDiscord["user"]>) {
  ctx.app.engine.startCheckin(ctx.clientId);
  await ctx.app.dispatcher.drain();
  await ctx.fake.waitFor(() => user.buttons().length === 5);
}

describe("Discord end to end", () => {
  it("registers the slash commands and receives a direct message", async () => {
    const { fake, app } = await setUp();
    expect(fake.commands.map((c) => (c as { name: string }).name).sort()).toEqual([
      "ack",
      "alerts",
      "clients",
      "help",
      "invite",
      "language",
      "later",
      "link",
      "pause",
      "privacy",
      "reinvite",
      "resume",
      "schedule",
      "session",
      "sessions",
      "stop",
      "summary",
      "web",
    ]);
    const user = fake.user("2001");
    user.sendDM("hello");
    await fake.waitFor(() => user.messages().some((m) => m.content === en(app, "unlinked.hello")));
  });

  it("enrols with /link, consents, and runs a check-in by buttons, acknowledging within 3 s", async () => {
    const { fake, app, code } = await setUp();
    const user = fake.user("2001");
    user.sendDM("hi");
    await fake.waitFor(() => user.messages().length === 1);
    const linkId = user.slash("link", { code });
    await fake.waitFor(() => user.buttons().some((b) => b.label === "I agree"));
    expect(fake.interactionResponses.get(linkId)?.msAfterCreate).toBeLessThan(3_000);
    const consent = user.lastMessage();
    user.press(consent?.id as string, user.buttons().find((b) => b.label === "I agree")?.custom_id as string);
    await fake.waitFor(() => user.messages().some((m) => m.content === en(app, "consent.accepted")));
    app.engine.startCheckin(app.database.db.select().from(identities).get()?.clientId as number);
    await app.dispatcher.drain();
    await fake.waitFor(() => user.buttons().length === 5);
    const question = user.lastMessage();
    const pressId = user.press(question?.id as string, user.buttons()[3]?.custom_id as string);
    await fake.waitFor(() => user.messages().some((m) => m.content.includes("could trust my therapist")));
    expect(fake.interactionResponses.get(pressId)?.msAfterCreate).toBeLessThan(3_000);
    const answered = user.messages().find((m) => m.id === question?.id);
    expect(answered?.content.endsWith("✓ 4 · mostly")).toBe(true);
    expect(answered?.components ?? []).toEqual([]);
    expect(app.database.db.select().from(answers).all()).toHaveLength(1);
    // Every visible message has mentions off; the /link "thinking…" placeholder was removed.
    const visible = user.messages().filter((m) => !m.deleted);
    expect(visible.every((m) => JSON.stringify(m.allowed_mentions) === JSON.stringify({ parse: [] }))).toBe(true);
    expect(user.messages().filter((m) => m.deleted)).toHaveLength(1);
  });

  it("answers a command in a server channel ephemerally and stores nothing", async () => {
    const { fake, app } = await setUp();
    const user = fake.user("2002");
    const id = user.slashInGuild("3001", "3002", "help");
    await fake.waitFor(() => fake.interactionResponses.has(id));
    expect(fake.interactionResponses.get(id)).toMatchObject({
      type: 4,
      data: { flags: 64, content: en(app, "unlinked.private_only") },
    });
    expect(app.database.db.select().from(identities).all()).toHaveLength(0);
  });

  it("treats closed DMs (50007) as undeliverable, alerts once, never retries", async () => {
    const ctx = await setUp();
    const { fake, app } = ctx;
    await enrol(ctx, "2001");
    fake.closeDMs("2001");
    app.engine.startCheckin(ctx.clientId);
    await app.dispatcher.drain();
    await app.dispatcher.drain();
    expect(app.database.db.select().from(alerts).all()).toMatchObject([{ kind: "undeliverable" }]);
    const attempts = fake.requestsTo("POST", /\/channels\/\d+\/messages/).filter((r) => r.status === 403);
    expect(attempts).toHaveLength(1);
  });

  it("resumes after a gateway drop in the middle of a check-in without losing the answer", async () => {
    const ctx = await setUp();
    const { fake, app } = ctx;
    const user = await enrol(ctx, "2003");
    await startCheckin(ctx, user);
    fake.disconnectAll();
    user.sendDM("4"); // sent while the bot is reconnecting; the gateway replays it on resume
    await fake.waitFor(() => user.messages().some((m) => m.content.includes("could trust my therapist")), 15_000);
    expect(
      app.database.db
        .select()
        .from(answers)
        .all()
        .map((a) => a.value),
    ).toEqual([4]);
  });

  it("finishes a check-in by presses and typing, ignores a double tap, and acts once on a duplicate", async () => {
    const ctx = await setUp();
    const { fake, app } = ctx;
    const user = await enrol(ctx, "2001");
    await startCheckin(ctx, user);

    // A double tap: the second press lands before the edit removes the buttons.
    const first = user.lastMessage();
    const [one, five] = [user.buttons()[0]?.custom_id as string, user.buttons()[4]?.custom_id as string];
    user.press(first?.id as string, five);
    user.press(first?.id as string, one);
    await fake.waitFor(() => user.messages().some((m) => m.content === en(app, "checkin.stale")));
    await fake.waitFor(() => user.messages().some((m) => m.content.includes("could trust my therapist")));

    // Another user cannot press buttons in someone else's DM on Discord at all (the fake refuses it
    // too); the engine's refusal of foreign presses is covered in tests/engine and the Telegram suite.

    // A typed answer, and the same DM delivered twice by the gateway.
    const dm = rawDM(fake, user, "4");
    fake.dispatch("MESSAGE_CREATE", dm);
    fake.dispatch("MESSAGE_CREATE", dm);
    await fake.waitFor(() => user.messages().some((m) => m.content.includes("moving towards what I want")));
    for (const label of ["3", "2", "Skip"]) {
      const asked = user.lastMessage();
      user.press(asked?.id as string, user.buttons(asked?.id).find((b) => b.label === label)?.custom_id as string);
      await fake.waitFor(() => user.lastMessage()?.id !== asked?.id);
    }
    await fake.waitFor(() => user.lastMessage()?.content === en(app, "checkin.thanks"));
    expect(
      app.database.db
        .select()
        .from(answers)
        .all()
        .map((a) => [a.itemId, a.value]),
    ).toEqual([
      ["safe_to_say", 5],
      ["understood", 4],
      ["worked_on_what_matters", 3],
      ["way_of_working", 2],
      ["note", null],
    ]);
  });

  it("acknowledges a press within 3 s even when sending the replies is slow", async () => {
    const ctx = await setUp();
    const { fake } = ctx;
    const user = await enrol(ctx, "2001");
    await startCheckin(ctx, user);
    // Every message send is rate limited for a while: the outbox is slow, the acknowledgement is not.
    fake.failNext("POST", /\/channels\/\d+\/messages/, 3, FakeDiscord.rateLimited(1.5));
    const pressId = user.press(user.lastMessage()?.id as string, user.buttons()[2]?.custom_id as string);
    await fake.waitFor(() => user.messages().some((m) => m.content.includes("could trust my therapist")), 20_000);
    expect(fake.interactionResponses.get(pressId)?.msAfterCreate).toBeLessThan(3_000);
  });

  it("ignores messages in server channels", async () => {
    const { fake, app } = await setUp();
    const user = fake.user("2004");
    fake.dispatch(
      "MESSAGE_CREATE",
      rawMessage(fake, user, {
        channel_id: "4001",
        guild_id: "4000",
        member: { roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 },
        content: "/start hello",
      }),
    );
    user.sendDM("ping");
    await fake.waitFor(() => user.messages().length === 1);
    expect(fake.requestsTo("POST", /\/channels\/4001\//)).toHaveLength(0);
    expect(app.database.db.select().from(identities).all()).toHaveLength(0);
  });
});
