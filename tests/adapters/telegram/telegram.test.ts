/**
 * The real grammY bot, started by Interlude's own start-up code (`startTelegram`), against a local
 * fake Bot API server: enrolment by deep link, consent, a check-in by button presses and typing,
 * stale and foreign presses, unsupported content, duplicate and re-delivered updates, a 429 storm,
 * a restart mid-check-in, a group chat, and a user who blocks the bot.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startTelegram, type TelegramHandle } from "../../../adapters/telegram/start.js";
import { type App, adapterPort, createApp } from "../../../src/app.js";
import { systemClock } from "../../../src/clock.js";
import { loadConfig } from "../../../src/config.js";
import { createInvite } from "../../../src/db/repos/invites.js";
import { createClient, createPractice, createTherapist } from "../../../src/db/repos/people.js";
import { alerts, answers, identities } from "../../../src/db/schema.js";
import { silentLogger } from "../../../src/logger.js";
import { FakeBotApi } from "../../fakes/telegram/fake-bot-api.js";

const en = (app: App, key: Parameters<App["prompts"]["messages"]["t"]>[1], values = {}) =>
  app.prompts.messages.t("en", key, values);

interface Running {
  app: App;
  telegram: TelegramHandle;
  stop(): Promise<void>;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startInterlude(fake: FakeBotApi, dbPath: string): Promise<Running> {
  const config = loadConfig({
    INTERLUDE_DB: dbPath,
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    TELEGRAM_BOT_USERNAME: "interlude_test_bot",
  });
  const app = createApp(config, systemClock, silentLogger);
  const telegram = await startTelegram(adapterPort(app), app.config);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await telegram.stop();
    await app.dispatcher.drain().catch(() => undefined);
    app.database.close();
  };
  cleanups.push(stop);
  return { app, telegram, stop };
}

async function setUp() {
  const fake = await FakeBotApi.start();
  cleanups.push(() => fake.close());
  const dbPath = join(mkdtempSync(join(tmpdir(), "interlude-tg-")), "tg.db");
  const running = await startInterlude(fake, dbPath);
  const { db } = running.app.database;
  const now = new Date();
  const practice = createPractice(db, { name: "P", timezone: "Europe/Stockholm", locale: "en" }, now);
  const therapist = createTherapist(db, { practiceId: practice.id, alias: "T1" }, now);
  const client = createClient(
    db,
    { practiceId: practice.id, therapistId: therapist.id, alias: "Oak-7", locale: "en", checkinId: "alliance-safety" },
    now,
  );
  const code = createInvite(db, { clientId: client.id }, now, 7).code;
  const therapistCode = createInvite(db, { therapistId: therapist.id }, now, 7).code;
  return { fake, dbPath, running, clientId: client.id, code, therapistCode };
}

/** Enrols user 1001 by deep link and accepts consent; returns the user handle. */
async function enrol(ctx: Awaited<ReturnType<typeof setUp>>) {
  const { fake, running, code } = ctx;
  const user = fake.user(1001);
  user.send(`/start ${code}`);
  await fake.waitFor(() => user.buttons().some((b) => b.text === "I agree"));
  const consent = user.lastMessage();
  user.press(consent?.message_id as number, user.buttons().find((b) => b.text === "I agree")?.callback_data as string);
  await fake.waitFor(() => user.messages().some((m) => m.text === en(running.app, "consent.accepted")));
  return user;
}

async function startCheckin(ctx: Awaited<ReturnType<typeof setUp>>) {
  ctx.running.app.engine.startCheckin(ctx.clientId);
  await ctx.running.app.dispatcher.drain();
}

const storedAnswers = (app: App) => app.database.db.select().from(answers).orderBy(answers.id).all();

describe("Telegram end to end", () => {
  it("publishes the command menu in every language and never uses parse_mode", async () => {
    const ctx = await setUp();
    await enrol(ctx);
    expect([...ctx.fake.commandsByLanguage.keys()].sort()).toEqual(["", "sv", "zh"]);
    expect(ctx.fake.commandsByLanguage.get("sv")?.map((c) => c.command)).toEqual([
      "help",
      "pause",
      "resume",
      "stop",
      "later",
      "privacy",
      "language",
    ]);
    expect(ctx.fake.calls.every((c) => c.body.parse_mode === undefined)).toBe(true);
  });

  it("enrols by deep link, consents, and runs a check-in by buttons and typing", async () => {
    const ctx = await setUp();
    const { fake, running } = ctx;
    const user = await enrol(ctx);
    // Consent's buttons are gone once answered.
    expect(user.messages().find((m) => m.text.startsWith("Welcome to Interlude"))?.reply_markup).toBeUndefined();

    await startCheckin(ctx);
    await fake.waitFor(() => user.buttons().length === 5);
    const first = user.lastMessage();
    expect(first?.text).toContain("felt safe to say what really mattered");
    for (const b of user.buttons()) expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);
    const pressId = user.press(first?.message_id as number, user.buttons()[3]?.callback_data as string);
    await fake.waitFor(() => user.messages().some((m) => m.text.includes("could trust my therapist")));
    const answered = user.messages().find((m) => m.message_id === first?.message_id);
    expect(answered?.text.endsWith("✓ 4 · mostly")).toBe(true);
    expect(answered?.reply_markup).toBeUndefined();
    expect(fake.answeredCallbackQueries.size).toBeGreaterThan(0);
    expect(pressId).toBeGreaterThan(0);

    user.send("5");
    await fake.waitFor(() => user.messages().some((m) => m.text.includes("moving towards what I want")));
    // The rest by button presses: 3, 2, then Skip on the note.
    for (const label of ["3", "2", "Skip"]) {
      const asked = user.lastMessage();
      const data = user.buttons(asked?.message_id).find((b) => b.text === label)?.callback_data as string;
      user.press(asked?.message_id as number, data);
      await fake.waitFor(() => user.lastMessage()?.message_id !== asked?.message_id);
    }
    await fake.waitFor(() => user.lastMessage()?.text === en(running.app, "checkin.thanks"));
    expect(storedAnswers(running.app).map((a) => [a.itemId, a.value, a.skipped])).toEqual([
      ["safe_to_say", 4, false],
      ["understood", 5, false],
      ["worked_on_what_matters", 3, false],
      ["way_of_working", 2, false],
      ["note", null, true],
    ]);
  });

  it("ignores a stale button and a foreign user's press, and answers a sticker briefly", async () => {
    const ctx = await setUp();
    const { fake, running } = ctx;
    const user = await enrol(ctx);
    await startCheckin(ctx);
    await fake.waitFor(() => user.buttons().length === 5);
    const first = user.lastMessage();
    const data = user.buttons()[0]?.callback_data as string;
    user.press(first?.message_id as number, data);
    await fake.waitFor(() => storedAnswers(running.app).length === 1);

    user.press(first?.message_id as number, data); // a double tap on an already answered question
    await fake.waitFor(() => user.messages().some((m) => m.text === en(running.app, "checkin.stale")));

    const second = user.lastMessage();
    const secondData = user.buttons(second?.message_id)[0]?.callback_data as string;
    const before = user.messages().length;
    fake.pressAs(2002, 1001, second?.message_id as number, secondData);
    await fake.waitFor(() => fake.callsTo("answerCallbackQuery").length === 3);
    // The stranger's press is acknowledged (Telegram requires it) and otherwise ignored.
    expect(user.messages().length).toBe(before);

    user.sendSticker();
    await fake.waitFor(() => user.messages().some((m) => m.text === en(running.app, "unsupported")));
    expect(storedAnswers(running.app)).toHaveLength(1);
  });

  it("acts once on a re-delivered update", async () => {
    const ctx = await setUp();
    const { fake, running } = ctx;
    const user = await enrol(ctx);
    await startCheckin(ctx);
    await fake.waitFor(() => user.buttons().length === 5);
    const updateId = user.send("3");
    await fake.waitFor(() => user.messages().some((m) => m.text.includes("could trust my therapist")));
    const before = user.messages().length;
    fake.redeliver(updateId);
    user.send("/help");
    await fake.waitFor(() => user.messages().some((m) => m.text === en(running.app, "commands.help")));
    expect(storedAnswers(running.app)).toHaveLength(1);
    expect(user.messages().length).toBe(before + 1);
  });

  it("rides out a 429 storm without losing or duplicating a message", async () => {
    const ctx = await setUp();
    const { fake } = ctx;
    const user = await enrol(ctx);
    fake.failNext("sendMessage", 4, {
      error_code: 429,
      description: "Too Many Requests: retry after 1",
      parameters: { retry_after: 1 },
    });
    await startCheckin(ctx);
    user.send("/privacy");
    // Rows the dispatcher rescheduled go out on a later drain, as Interlude's once-a-second poll does.
    await fake.waitFor(() => {
      void ctx.running.app.dispatcher.drain();
      return user.messages().some((m) => m.text.startsWith("How your data is handled"));
    }, 20_000);
    expect(user.messages().some((m) => m.text.includes("felt safe to say what really mattered"))).toBe(true);
    const texts = user.messages().map((m) => m.text);
    expect(new Set(texts).size).toBe(texts.length);
    expect(fake.callsTo("sendMessage").some((c) => c.status === 429)).toBe(true);
  });

  it("resumes after a restart mid-check-in without acting twice on re-delivered updates", async () => {
    const ctx = await setUp();
    const { fake } = ctx;
    const user = await enrol(ctx);
    await startCheckin(ctx);
    await fake.waitFor(() => user.buttons().length === 5);
    user.send("4");
    await fake.waitFor(() => storedAnswers(ctx.running.app).length === 1);
    await ctx.running.stop();
    // Telegram re-sends whatever was not confirmed; the last update is re-delivered on purpose.
    fake.redeliver(fake.lastUpdateId());

    const again = await startInterlude(fake, ctx.dbPath);
    user.send("/start");
    await fake.waitFor(() => user.messages().some((m) => m.text.startsWith(en(again.app, "checkin.resume"))));
    expect(user.lastMessage()?.text).toContain("could trust my therapist");
    expect(storedAnswers(again.app)).toHaveLength(1);
  });

  it("says it works in private chats only, and stores nothing from a group", async () => {
    const ctx = await setUp();
    const { fake, running, code } = ctx;
    fake.groupSend(-5001, 3003, `/start ${code}`);
    await fake.waitFor(() => fake.callsTo("sendMessage").some((c) => String(c.body.chat_id) === "-5001"));
    const reply = fake.callsTo("sendMessage").find((c) => String(c.body.chat_id) === "-5001");
    expect(reply?.body.text).toBe(en(running.app, "unlinked.private_only"));
    expect(running.app.database.db.select().from(identities).all()).toHaveLength(0);
  });

  it("marks a client who blocks the bot undeliverable and alerts the therapist once", async () => {
    const ctx = await setUp();
    const { fake, running, therapistCode, clientId } = ctx;
    const therapist = fake.user(5005);
    therapist.send(`/start ${therapistCode}`);
    await fake.waitFor(() => therapist.messages().length === 1);
    await enrol(ctx);
    fake.blockBot(1001);
    await fake.waitFor(() => running.app.database.db.select().from(alerts).all().length === 1);
    await running.app.dispatcher.drain();
    await fake.waitFor(() => therapist.messages().length === 2);
    expect(therapist.lastMessage()?.text).toContain("Oak-7");
    expect(running.app.engine.startCheckin(clientId)).toEqual({ status: "skipped", reason: "no_deliverable_account" });
    fake.unblockBot(1001);
    await fake.waitFor(
      () =>
        running.app.database.db
          .select()
          .from(identities)
          .all()
          .find((i) => i.clientId === clientId)?.undeliverable === false,
    );
  });
});
