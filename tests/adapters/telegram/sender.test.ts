/**
 * How Bot API failures reach the dispatcher: 429 → retry after Telegram's delay; blocked or gone →
 * permanent; any other 4xx → this message is unsendable; 5xx and network errors → retry. And messages
 * with a picture, sent through grammY to the fake Bot API: the text as the photo's caption when it
 * fits, else after the photo; the same error kinds for photos; and edits of a captioned photo.
 */
import { Api, GrammyError, HttpError } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import { classifyTelegramError, TelegramSender } from "../../../adapters/telegram/sender.js";
import type { MessagePayload } from "../../../src/outbox/payload.js";
import { PermanentSendError, RejectedSendError, TransientSendError } from "../../../src/outbox/sender.js";
import { tinyPng } from "../../fakes/shared/png.js";
import { FakeBotApi } from "../../fakes/telegram/fake-bot-api.js";

const apiError = (error_code: number, description: string, parameters = {}) =>
  new GrammyError("call failed", { ok: false, error_code, description, parameters }, "sendMessage", {});

describe("classifyTelegramError", () => {
  it("turns 429 into a retry after Telegram's retry_after", () => {
    const error = classifyTelegramError(apiError(429, "Too Many Requests: retry after 7", { retry_after: 7 }));
    expect(error).toBeInstanceOf(TransientSendError);
    expect((error as TransientSendError).retryAfterMs).toBe(7_000);
  });

  it.each([
    [403, "Forbidden: bot was blocked by the user"],
    [403, "Forbidden: user is deactivated"],
    [400, "Bad Request: chat not found"],
  ])("treats %i %s as permanent", (code, description) => {
    expect(classifyTelegramError(apiError(code, description))).toBeInstanceOf(PermanentSendError);
  });

  it("treats other 4xx as an unsendable message, not a lost account", () => {
    expect(classifyTelegramError(apiError(400, "Bad Request: message is too long"))).toBeInstanceOf(RejectedSendError);
  });

  it("retries server and network errors", () => {
    expect(classifyTelegramError(apiError(502, "Bad Gateway"))).toBeInstanceOf(TransientSendError);
    expect(
      classifyTelegramError(new HttpError("Network request for 'sendMessage' failed!", new Error("ECONNRESET"))),
    ).toBeInstanceOf(TransientSendError);
  });
});

const png = tinyPng(4, 3, 7);
const buttons = [[{ data: "AbCdEfGhIj.1", label: "Seen" }]];
const withPicture = (text: string, choices = buttons): MessagePayload => ({
  kind: "message",
  text,
  choices,
  image: { pngBase64: png.toString("base64"), fileName: "week-2026-W47-c12.png", altText: "Scores by week" },
});

const fakes: FakeBotApi[] = [];
afterEach(async () => {
  for (const fake of fakes.splice(0)) await fake.close();
});

/** A sender on the fake Bot API, and a user who has started the bot (so it may write to them). */
async function setUp() {
  const fake = await FakeBotApi.start();
  fakes.push(fake);
  const user = fake.user(501);
  user.send("/start");
  return { fake, user, sender: new TelegramSender(new Api(fake.token, { apiRoot: fake.apiRoot })) };
}

describe("TelegramSender with a picture", () => {
  it("sends the exact PNG with short text as its caption and the buttons on the photo", async () => {
    const { fake, user, sender } = await setUp();
    const { messageId } = await sender.send("501", withPicture("Your week in one picture."));

    const [photo, ...rest] = user.messages();
    expect(rest).toEqual([]);
    expect(photo?.photo?.data.equals(png)).toBe(true);
    expect(photo).toMatchObject({
      message_id: Number(messageId),
      caption: "Your week in one picture.",
      photo: { fileName: "week-2026-W47-c12.png", width: 4, height: 3 },
    });
    expect(user.buttons(Number(messageId))).toEqual([{ text: "Seen", callback_data: "AbCdEfGhIj.1" }]);
    expect(fake.callsTo("sendMessage")).toEqual([]);
    // Plain text: nothing in a caption may be read as markup.
    expect(fake.callsTo("sendPhoto")[0]?.body.parse_mode).toBeUndefined();
  });

  it("sends 3000 characters as a photo without caption, then the text with the buttons", async () => {
    const { fake, user, sender } = await setUp();
    const text = "x".repeat(3000);
    const { messageId } = await sender.send("501", withPicture(text));

    const [photo, part, ...rest] = user.messages();
    expect(rest).toEqual([]);
    expect(photo?.photo?.data.equals(png)).toBe(true);
    expect(photo?.caption).toBeUndefined();
    expect(user.buttons(photo?.message_id)).toEqual([]);
    expect(part).toMatchObject({ message_id: Number(messageId), text });
    expect(user.buttons(part?.message_id)).toEqual([{ text: "Seen", callback_data: "AbCdEfGhIj.1" }]);
    expect(fake.callsTo("sendPhoto")[0]?.body.caption).toBeUndefined();
  });

  it("splits text over Telegram's 4096 limit after the photo, buttons on the last part", async () => {
    const { user, sender } = await setUp();
    const text = `${"a".repeat(3000)}\n${"b".repeat(3000)}`;
    const { messageId } = await sender.send("501", withPicture(text));

    const messages = user.messages();
    expect(messages.map((m) => m.text)).toEqual(["", "a".repeat(3000), "b".repeat(3000)]);
    expect(messages.map((m) => user.buttons(m.message_id).length)).toEqual([0, 0, 1]);
    expect(messageId).toBe(String(messages[2]?.message_id));
  });

  it("sends a picture without buttons as a captioned photo", async () => {
    const { user, sender } = await setUp();
    await sender.send("501", { ...withPicture("Short."), choices: undefined });
    expect(user.messages()).toMatchObject([{ caption: "Short.", text: "" }]);
    expect(user.buttons()).toEqual([]);
  });

  it("turns a 429 on sendPhoto into a retry after Telegram's retry_after", async () => {
    const { fake, user, sender } = await setUp();
    fake.failNext("sendPhoto", 1, {
      error_code: 429,
      description: "Too Many Requests: retry after 7",
      parameters: { retry_after: 7 },
    });
    const error = await sender.send("501", withPicture("Hi")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientSendError);
    expect((error as TransientSendError).retryAfterMs).toBe(7_000);
    expect(user.messages()).toEqual([]);
  });

  it("treats a blocked user's 403 on sendPhoto as permanent", async () => {
    const { fake, sender } = await setUp();
    fake.blockBot(501);
    await expect(sender.send("501", withPicture("Hi"))).rejects.toBeInstanceOf(PermanentSendError);
    expect(fake.callsTo("sendPhoto").map((c) => c.status)).toEqual([403]);
  });

  it("refuses a picture that is not a PNG without calling Telegram", async () => {
    const { fake, sender } = await setUp();
    const broken = withPicture("Hi");
    if (broken.image) broken.image.pngBase64 = Buffer.from("not a png at all").toString("base64");
    await expect(sender.send("501", broken)).rejects.toBeInstanceOf(RejectedSendError);
    expect(fake.callsTo("sendPhoto")).toEqual([]);
  });

  it("edits a captioned photo's caption and removes its buttons", async () => {
    const { user, sender } = await setUp();
    const { messageId } = await sender.send("501", withPicture("Your week."));
    await sender.edit("501", messageId, "Your week.\n✓ Seen");
    expect(user.lastMessage()).toMatchObject({ caption: "Your week.\n✓ Seen", text: "" });
    expect(user.buttons()).toEqual([]);
    // Editing again to the same caption is "not modified", which is nothing to retry.
    await sender.edit("501", messageId, "Your week.\n✓ Seen");
  });
});
