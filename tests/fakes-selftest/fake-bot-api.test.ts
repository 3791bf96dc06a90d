/**
 * Self-test of the fake Telegram Bot API: first over plain HTTP (routing, limits, error texts, the update
 * queue), then with the real grammY client, long polling and runner, so that Telegram adapter tests can
 * trust what the fake says.
 */
import { autoRetry } from "@grammyjs/auto-retry";
import { run } from "@grammyjs/runner";
import { Bot, GrammyError, InlineKeyboard } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import { FakeBotApi, type FakeBotApiOptions, type Update } from "../fakes/telegram/fake-bot-api.js";

interface Envelope {
  ok: boolean;
  result?: unknown;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number };
}

const fakes: FakeBotApi[] = [];
afterEach(async () => {
  for (const fake of fakes.splice(0)) await fake.close();
});

async function startFake(options?: FakeBotApiOptions): Promise<FakeBotApi> {
  const fake = await FakeBotApi.start(options);
  fakes.push(fake);
  return fake;
}

async function call(fake: FakeBotApi, method: string, body: Record<string, unknown> = {}, token = fake.token) {
  const res = await fetch(`${fake.apiRoot}/bot${token}/${method}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Envelope };
}

const updates = (envelope: Envelope) => envelope.result as Update[];
const keyboard = (...data: string[]) => ({ inline_keyboard: [data.map((d) => ({ text: d, callback_data: d }))] });

describe("fake Bot API over HTTP", () => {
  it("routes by token and method and answers in the Bot API envelope", async () => {
    const fake = await startFake();
    expect(fake.apiRoot).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    expect(await call(fake, "getMe", {}, "1:wrong")).toEqual({
      status: 401,
      json: { ok: false, error_code: 401, description: "Unauthorized" },
    });
    expect(await call(fake, "sendPigeon")).toEqual({
      status: 404,
      json: { ok: false, error_code: 404, description: "Not Found: method not found" },
    });

    // GET with a query string, and a lower-case method name (Telegram ignores case).
    const res = await fetch(`${fake.apiRoot}/bot${fake.token}/getme?x=1`);
    expect(await res.json()).toEqual({
      ok: true,
      result: {
        id: 999,
        is_bot: true,
        first_name: "Interlude Test",
        username: "interlude_test_bot",
        can_join_groups: false,
        can_read_all_group_messages: false,
        supports_inline_queries: false,
      },
    });
    expect(fake.callsTo("getMe").map((c) => c.status)).toEqual([401, 200]);

    // urlencoded, with chat_id as a string and reply_markup JSON-encoded.
    fake.user(7).send("hi");
    const form = new URLSearchParams({ chat_id: "7", text: "hello", reply_markup: JSON.stringify(keyboard("a")) });
    const sent = await fetch(`${fake.apiRoot}/bot${fake.token}/sendMessage`, { method: "POST", body: form });
    expect(sent.status).toBe(200);
    expect(fake.user(7).buttons()).toEqual([{ text: "a", callback_data: "a" }]);
    expect(fake.calls.map((c) => [c.method, c.status])).toEqual([
      ["getMe", 401],
      ["sendPigeon", 404],
      ["getMe", 200],
      ["sendMessage", 200],
    ]);
  });

  it("enforces text and button limits with Telegram's error texts", async () => {
    const fake = await startFake();
    const send = (body: Record<string, unknown>) => call(fake, "sendMessage", { chat_id: 5, ...body });
    const description = async (body: Record<string, unknown>) => (await send(body)).json.description;

    expect(await description({ text: "x" })).toBe("Bad Request: chat not found");
    const user = fake.user(5);
    expect(await send({ text: "x" })).toEqual({
      status: 403,
      json: { ok: false, error_code: 403, description: "Forbidden: bot can't initiate conversation with a user" },
    });
    user.send("/start");

    expect(await description({})).toBe("Bad Request: message text is empty");
    expect(await description({ text: "  \n" })).toBe("Bad Request: message text is empty");
    expect((await send({ text: "x".repeat(4096) })).status).toBe(200);
    expect(await description({ text: "x".repeat(4097) })).toBe("Bad Request: message is too long");
    // Counted in UTF-16 code units: an emoji is two.
    expect((await send({ text: "🙂".repeat(2048) })).status).toBe(200);
    expect(await description({ text: "🙂".repeat(2049) })).toBe("Bad Request: message is too long");

    // callback_data is limited in bytes: "é" is two bytes in UTF-8.
    expect((await send({ text: "ok", reply_markup: keyboard("é".repeat(32)) })).status).toBe(200);
    expect(await description({ text: "x", reply_markup: keyboard("é".repeat(33)) })).toBe(
      "Bad Request: BUTTON_DATA_INVALID",
    );
    expect(await description({ text: "x", reply_markup: keyboard("") })).toBe("Bad Request: BUTTON_DATA_INVALID");
    expect(await description({ text: "x", reply_markup: { inline_keyboard: [[{ text: "plain" }]] } })).toContain(
      "Text buttons are unallowed",
    );

    const marked = await send({ text: "*hi*", parse_mode: "MarkdownV2" });
    expect(marked.json.result).toMatchObject({ text: "*hi*", chat: { id: 5, type: "private" }, from: { id: 999 } });
    expect(user.lastMessage()).toMatchObject({ text: "*hi*", parse_mode: "MarkdownV2", deleted: false });
    expect(fake.calls.filter((c) => c.body.parse_mode !== undefined)).toHaveLength(1);
  });

  it("stores sends and edits like Telegram, including keyboard removal and 'not modified'", async () => {
    const fake = await startFake();
    const user = fake.user(11);
    user.send("hi"); // message_id 1 in this chat, so the bot's first message is 2
    const sent = await call(fake, "sendMessage", { chat_id: 11, text: "Q1", reply_markup: keyboard("a", "b") });
    const sentMessage = sent.json.result as { message_id: number; reply_markup?: unknown };
    expect(sentMessage.message_id).toBe(2);
    expect(sentMessage.reply_markup).toEqual(keyboard("a", "b"));
    expect(user.buttons().map((b) => b.callback_data)).toEqual(["a", "b"]);

    const edit = (body: Record<string, unknown>) =>
      call(fake, "editMessageText", { chat_id: 11, message_id: 2, ...body });
    expect((await edit({ text: "Q1", reply_markup: keyboard("b", "a") })).status).toBe(200);
    expect(
      (
        await edit({
          text: "Q1",
          reply_markup: {
            inline_keyboard: [
              [
                { callback_data: "b", text: "b" },
                { text: "a", callback_data: "a" },
              ],
            ],
          },
        })
      ).json.description,
    ).toMatch(/^Bad Request: message is not modified: /);

    // An edit without reply_markup drops the keyboard.
    const edited = await edit({ text: "Q1 ✓ a" });
    expect(edited.json.result).toMatchObject({ message_id: 2, text: "Q1 ✓ a" });
    expect((edited.json.result as { reply_markup?: unknown }).reply_markup).toBeUndefined();
    expect(user.lastMessage()?.reply_markup).toBeUndefined();
    expect(user.buttons()).toEqual([]);
    expect((await edit({ text: "Q1 ✓ a" })).json.description).toBe(
      "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
    );
    expect((await edit({ message_id: 77, text: "x" })).json.description).toBe("Bad Request: message to edit not found");
    expect((await edit({ message_id: 1, text: "x" })).json.description).toBe("Bad Request: message can't be edited");

    const markup = (body: Record<string, unknown>) =>
      call(fake, "editMessageReplyMarkup", { chat_id: 11, message_id: 2, ...body });
    expect((await markup({ reply_markup: keyboard("z") })).status).toBe(200);
    expect(user.buttons(2)).toEqual([{ text: "z", callback_data: "z" }]);
    expect((await markup({})).status).toBe(200);
    expect((await markup({})).json.description).toMatch(/message is not modified/);

    await call(fake, "sendMessage", { chat_id: 11, text: "second" });
    expect((await call(fake, "deleteMessage", { chat_id: 11, message_id: 3 })).json).toEqual({
      ok: true,
      result: true,
    });
    expect((await call(fake, "deleteMessage", { chat_id: 11, message_id: 3 })).json.description).toBe(
      "Bad Request: message to delete not found",
    );
    expect(user.messages().map((m) => [m.message_id, m.text, m.deleted])).toEqual([
      [2, "Q1 ✓ a", false],
      [3, "second", true],
    ]);
    expect(user.lastMessage()?.message_id).toBe(2);
    expect((await call(fake, "sendChatAction", { chat_id: 11, action: "typing" })).json.result).toBe(true);
  });

  it("queues updates with Telegram's offset, limit and long-polling semantics", async () => {
    const fake = await startFake();
    const user = fake.user(21, { firstName: "Ada", languageCode: "sv" });
    const first = user.send("/start abc");
    const second = user.send("two");
    const third = user.send("three");
    expect([second - first, third - second]).toEqual([1, 1]);
    expect(fake.lastUpdateId()).toBe(third);

    const all = updates((await call(fake, "getUpdates")).json);
    expect(all.map((u) => u.update_id)).toEqual([first, second, third]);
    expect(all[0]?.message).toMatchObject({
      message_id: 1,
      text: "/start abc",
      entities: [{ type: "bot_command", offset: 0, length: 6 }],
      from: { id: 21, is_bot: false, first_name: "Ada", language_code: "sv" },
      chat: { id: 21, type: "private", first_name: "Ada" },
    });
    expect(all[1]?.message?.entities).toBeUndefined();

    // Unconfirmed updates are handed out again; an offset confirms everything before it.
    expect(updates((await call(fake, "getUpdates", { limit: 1 })).json).map((u) => u.update_id)).toEqual([first]);
    expect(updates((await call(fake, "getUpdates", { offset: second })).json).map((u) => u.update_id)).toEqual([
      second,
      third,
    ]);
    expect(fake.pendingUpdates().map((u) => u.update_id)).toEqual([second, third]);
    // A negative offset keeps only the last -offset updates.
    expect(updates((await call(fake, "getUpdates", { offset: -1 })).json).map((u) => u.update_id)).toEqual([third]);
    expect(updates((await call(fake, "getUpdates", { offset: third + 1, timeout: 0 })).json)).toEqual([]);

    // A long poll returns as soon as something arrives...
    const started = Date.now();
    const poll = call(fake, "getUpdates", { offset: third + 1, timeout: 10 });
    await fake.waitFor(() => fake.callsTo("getUpdates").some((c) => c.status === 0));
    const fourth = user.send("four");
    expect(updates((await poll).json).map((u) => u.update_id)).toEqual([fourth]);
    expect(Date.now() - started).toBeLessThan(2000);
    // ...or empty-handed after the timeout (fractions of a second allowed here).
    const quiet = Date.now();
    expect(updates((await call(fake, "getUpdates", { offset: fourth + 1, timeout: 0.2 })).json)).toEqual([]);
    expect(Date.now() - quiet).toBeGreaterThanOrEqual(150);

    // A second poll terminates the first, as Telegram does.
    const older = call(fake, "getUpdates", { offset: fourth + 1, timeout: 10 });
    await fake.waitFor(() => fake.callsTo("getUpdates").filter((c) => c.status === 0).length === 1);
    const newer = call(fake, "getUpdates", { offset: fourth + 1, timeout: 0 });
    expect((await older).json).toMatchObject({ ok: false, error_code: 409 });
    expect((await newer).json).toEqual({ ok: true, result: [] });

    // A set webhook rules out getUpdates.
    await call(fake, "setWebhook", { url: "https://example.test/hook" });
    expect((await call(fake, "getWebhookInfo")).json.result).toMatchObject({ url: "https://example.test/hook" });
    expect((await call(fake, "getUpdates")).json.error_code).toBe(409);
    await call(fake, "deleteWebhook");
    expect((await call(fake, "getUpdates")).json.ok).toBe(true);
  });

  it("re-delivers confirmed updates and accepts raw ones", async () => {
    const fake = await startFake();
    const user = fake.user(31);
    const id = user.send("3");
    await call(fake, "getUpdates", { offset: id + 1 });
    expect(fake.pendingUpdates()).toEqual([]);

    fake.redeliver(id);
    const raw = fake.injectRaw({ message_reaction: { chat: { id: 31, type: "private" } } });
    // The offset is already past `id`, yet the re-delivered update is handed out (once).
    const batch = updates((await call(fake, "getUpdates", { offset: id + 1 })).json);
    expect(batch.map((u) => u.update_id)).toEqual([id, raw]);
    expect(batch[0]?.message?.text).toBe("3");
    expect(batch[1]?.message_reaction).toBeDefined();
    expect(updates((await call(fake, "getUpdates", { offset: raw + 1 })).json)).toEqual([]);
  });

  it("simulates a user's other kinds of updates, and group messages", async () => {
    const fake = await startFake();
    const user = fake.user(41);
    user.send("hello");
    user.editLastMessage("hello again");
    user.sendSticker();
    user.sendPhoto();
    user.sendVoice();
    user.sendLocation();
    user.forward("look at this");
    fake.groupSend(-500, 42, "/start@interlude_test_bot x");
    const got = updates((await call(fake, "getUpdates")).json);
    expect(got[1]?.edited_message).toMatchObject({ message_id: 1, text: "hello again" });
    expect(got[1]?.edited_message?.edit_date).toBeTypeOf("number");
    expect(got[2]?.message?.sticker).toBeDefined();
    expect(got[2]?.message?.text).toBeUndefined();
    expect(got[3]?.message?.photo).toHaveLength(2);
    expect(got[4]?.message?.voice).toBeDefined();
    expect(got[5]?.message?.location).toBeDefined();
    expect(got[6]?.message).toMatchObject({ text: "look at this", forward_origin: { type: "user" } });
    expect(got[6]?.message?.message_id).toBe(6); // the edit kept message 1's id
    expect(got[7]?.message).toMatchObject({
      chat: { id: -500, type: "group" },
      from: { id: 42 },
      entities: [{ type: "bot_command", offset: 0, length: 25 }],
    });
    expect((await call(fake, "sendMessage", { chat_id: "-500", text: "private chats only" })).status).toBe(200);
    expect(fake.chatMessages(-500).map((m) => m.text)).toEqual(["private chats only"]);
  });

  it("simulates captions, forwarded photos, replies with a quote, and edited captions", async () => {
    const fake = await startFake();
    const user = fake.user(45);
    user.send("/start");
    await call(fake, "sendMessage", { chat_id: 45, text: "Question?", reply_markup: keyboard("a") });
    const question = user.lastMessage()?.message_id as number;
    user.sendPhoto("a caption");
    user.sendDocument("notes");
    user.forwardPhoto("their words");
    user.reply(question, "my answer", { quote: "Question" });
    user.editLastMessage("changed");
    user.sendPhoto("before");
    user.editLastMessage("after");
    const got = updates((await call(fake, "getUpdates")).json);
    expect(got[1]?.message).toMatchObject({ caption: "a caption", photo: expect.any(Array) });
    expect(got[2]?.message).toMatchObject({ caption: "notes", document: { mime_type: "application/pdf" } });
    expect(got[3]?.message).toMatchObject({ caption: "their words", forward_origin: { type: "user" } });
    expect(got[4]?.message).toMatchObject({
      text: "my answer",
      reply_to_message: { message_id: question, text: "Question?" },
      quote: { text: "Question", position: 0 },
    });
    expect(got[4]?.message?.reply_to_message).not.toHaveProperty("reply_markup");
    expect(got[5]?.edited_message).toMatchObject({ message_id: got[4]?.message?.message_id, text: "changed" });
    expect(got[7]?.edited_message).toMatchObject({ caption: "after", photo: expect.any(Array) });
  });

  it("hands out only the update kinds named in allowed_updates, once the bot names some", async () => {
    const fake = await startFake();
    const user = fake.user(46);
    user.send("one");
    user.editLastMessage("one, edited");
    const got = updates((await call(fake, "getUpdates", { allowed_updates: ["message", "callback_query"] })).json);
    expect(got.map((u) => Object.keys(u).filter((k) => k !== "update_id"))).toEqual([["message"]]);
    const offset = (got[0]?.update_id ?? 0) + 1;
    // Remembered until changed; an empty list hands out everything again.
    user.editLastMessage("edited again");
    expect(updates((await call(fake, "getUpdates", { offset })).json)).toEqual([]);
    user.editLastMessage("and again");
    const all = updates((await call(fake, "getUpdates", { offset, allowed_updates: [] })).json);
    expect(all.map((u) => u.edited_message?.text)).toEqual(["and again"]);
  });

  it("answers each callback query once", async () => {
    const fake = await startFake();
    const user = fake.user(51);
    user.send("/start");
    await call(fake, "sendMessage", { chat_id: 51, text: "Q", reply_markup: keyboard("yes") });
    const messageId = user.lastMessage()?.message_id as number;
    const pressed = user.press(messageId, "yes");
    const foreign = fake.pressAs(52, 51, messageId, "yes");
    const got = updates((await call(fake, "getUpdates", { offset: pressed })).json);
    const query = got[0]?.callback_query;
    expect(query).toMatchObject({
      from: { id: 51 },
      data: "yes",
      message: { message_id: messageId, text: "Q", chat: { id: 51 }, reply_markup: keyboard("yes") },
    });
    expect(got[1]).toMatchObject({ update_id: foreign, callback_query: { from: { id: 52 } } });
    expect(query?.chat_instance).toBe(got[1]?.callback_query?.chat_instance);
    expect(() => user.press(999, "yes")).toThrow(/no bot message 999/);

    const answer = (id: unknown) => call(fake, "answerCallbackQuery", { callback_query_id: id });
    expect((await answer(query?.id)).json).toEqual({ ok: true, result: true });
    const invalid = "Bad Request: query is too old and response timeout expired or query ID is invalid";
    expect((await answer(query?.id)).json.description).toBe(invalid);
    expect((await answer("nope")).json.description).toBe(invalid);
    expect([...fake.answeredCallbackQueries]).toEqual([query?.id]);
  });

  it("blocks and unblocks the bot with my_chat_member updates", async () => {
    const fake = await startFake();
    const user = fake.user(61);
    const start = user.send("/start");
    const blocked = fake.blockBot(61);
    expect(await call(fake, "sendMessage", { chat_id: 61, text: "hi" })).toEqual({
      status: 403,
      json: { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" },
    });
    const unblocked = fake.unblockBot(61);
    expect((await call(fake, "sendMessage", { chat_id: 61, text: "hi" })).status).toBe(200);

    const got = updates((await call(fake, "getUpdates", { offset: start + 1 })).json);
    expect(got.map((u) => u.update_id)).toEqual([blocked, unblocked]);
    expect(got[0]?.my_chat_member).toMatchObject({
      chat: { id: 61, type: "private" },
      from: { id: 61 },
      old_chat_member: { user: { id: 999 }, status: "member" },
      new_chat_member: { user: { id: 999 }, status: "kicked" },
    });
    expect(got[1]?.my_chat_member).toMatchObject({
      old_chat_member: { status: "kicked" },
      new_chat_member: { status: "member" },
    });
  });

  it("rate-limits per chat and overall, and scripts failures", async () => {
    const fake = await startFake({ perChatPerSecond: 2, globalPerSecond: 3 });
    fake.user(71).send("hi");
    fake.user(72).send("hi");
    const send = (chat: number) => call(fake, "sendMessage", { chat_id: chat, text: "x" });
    expect((await send(71)).status).toBe(200);
    expect((await send(71)).status).toBe(200);
    expect(await send(71)).toEqual({
      status: 429,
      json: {
        ok: false,
        error_code: 429,
        description: "Too Many Requests: retry after 1",
        parameters: { retry_after: 1 },
      },
    });
    expect((await send(72)).status).toBe(200);
    expect((await send(72)).status).toBe(429); // the global window is full now

    const other = await startFake();
    other.user(73).send("hi");
    other.failNext("sendMessage", 2, { error_code: 502, description: "Bad Gateway" });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call(other, "sendMessage", { chat_id: 73, text: "x" })).status);
    expect(statuses).toEqual([502, 502, 200]);
    expect(other.callsTo("sendMessage").map((c) => c.status)).toEqual([502, 502, 200]);
  });

  it("records command menus per language and scope", async () => {
    const fake = await startFake();
    const commands = [{ command: "help", description: "Help" }];
    await call(fake, "setMyCommands", { commands });
    await call(fake, "setMyCommands", { commands: [{ command: "hjalp", description: "Hjälp" }], language_code: "sv" });
    await call(fake, "setMyCommands", { commands, scope: { type: "all_private_chats" } });
    expect([...fake.commandsByLanguage.keys()]).toEqual(["", "sv"]);
    expect(fake.commandsFor("sv")?.[0]?.command).toBe("hjalp");
    expect(fake.commandsFor("", { type: "all_private_chats" })).toEqual(commands);
    expect((await call(fake, "getMyCommands", { language_code: "sv" })).json.result).toEqual([
      { command: "hjalp", description: "Hjälp" },
    ]);
    const bad = await call(fake, "setMyCommands", { commands: [{ command: "Help", description: "x" }] });
    expect(bad.json.description).toBe("Bad Request: BOT_COMMAND_INVALID");
  });

  it("releases a pending long poll on close, and explains a waitFor timeout", async () => {
    const fake = await startFake();
    await expect(fake.waitFor(() => fake.calls.length > 5, 50)).rejects.toThrow(/waitFor timed out after 50 ms/);
    const poll = call(fake, "getUpdates", { timeout: 30 }).catch((error: unknown) => error);
    await fake.waitFor(() => fake.calls.some((c) => c.method === "getUpdates"));
    const started = Date.now();
    await fake.close();
    await poll;
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe("fake Bot API with grammY", () => {
  it("serves bot.api calls and turns errors into GrammyError", async () => {
    const fake = await startFake();
    const bot = new Bot(fake.token, { client: { apiRoot: fake.apiRoot } });
    const me = await bot.api.getMe();
    expect(me.username).toBe("interlude_test_bot");

    const user = fake.user(81);
    user.send("/start");
    const sent = await bot.api.sendMessage(81, "Pick one", {
      reply_markup: new InlineKeyboard().text("Yes", "ans:yes").text("No", "ans:no"),
    });
    expect(sent.chat.id).toBe(81);
    expect(user.buttons()).toEqual([
      { text: "Yes", callback_data: "ans:yes" },
      { text: "No", callback_data: "ans:no" },
    ]);
    await bot.api.editMessageText(81, sent.message_id, "Picked");
    expect(user.lastMessage()).toEqual({ message_id: sent.message_id, text: "Picked", deleted: false });

    const error = await bot.api.sendMessage(81, "x".repeat(4097)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrammyError);
    expect(error).toMatchObject({ error_code: 400, description: "Bad Request: message is too long" });
    // grammY posts JSON for every method, even those without parameters.
    expect(fake.calls.every((c) => c.status !== 0)).toBe(true);
  });

  it("long-polls with bot.start() and answers a button press", async () => {
    const fake = await startFake();
    const bot = new Bot(fake.token, { client: { apiRoot: fake.apiRoot } });
    bot.command("start", (ctx) => ctx.reply("Ready?", { reply_markup: new InlineKeyboard().text("Go", "go") }));
    bot.callbackQuery("go", async (ctx) => {
      await ctx.answerCallbackQuery();
      await ctx.editMessageText("Going");
    });
    const stopped = bot.start();

    const user = fake.user(91);
    user.send("/start");
    await fake.waitFor(() => user.buttons().length === 1);
    user.press(user.lastMessage()?.message_id as number, "go");
    await fake.waitFor(() => user.lastMessage()?.text === "Going");
    expect(fake.answeredCallbackQueries.size).toBe(1);
    expect(user.lastMessage()?.reply_markup).toBeUndefined();

    await bot.stop();
    await stopped;
    // grammY's start-up sequence, and the final getUpdates that confirms what was handled.
    expect(
      fake.calls
        .slice(0, 3)
        .map((c) => c.method)
        .sort(),
    ).toEqual(["deleteWebhook", "getMe", "getUpdates"]);
    const last = fake.calls.at(-1);
    expect(last?.method).toBe("getUpdates");
    expect(last?.body).toMatchObject({ limit: 1 });
    expect(fake.pendingUpdates()).toEqual([]);
  });

  it("runs under @grammyjs/runner and rides out a 429 with auto-retry", async () => {
    const fake = await startFake();
    const bot = new Bot(fake.token, { client: { apiRoot: fake.apiRoot } });
    bot.api.config.use(autoRetry({ maxDelaySeconds: 3, maxRetryAttempts: 2 }));
    bot.on("message:text", (ctx) => ctx.reply(`echo: ${ctx.message.text}`));
    const runner = run(bot);

    const user = fake.user(101);
    fake.failNext("sendMessage", 1, {
      error_code: 429,
      description: "Too Many Requests: retry after 1",
      parameters: { retry_after: 1 },
    });
    user.send("ping");
    await fake.waitFor(() => user.lastMessage()?.text === "echo: ping");
    expect(fake.callsTo("sendMessage").map((c) => c.status)).toEqual([429, 200]);
    await runner.stop();
    expect(fake.callsTo("getUpdates")[0]?.body).toMatchObject({ offset: 0, timeout: 30 });
  });
});
