/**
 * How Discord failures reach the dispatcher. 50007 (DMs closed) must be permanent: retrying invalid
 * requests gets a bot banned. And messages with a picture, sent over discord.js's REST client to the
 * fake Discord: the file and its alt text on the first part, the buttons on the last, the nonce still
 * dropping a re-send, and the same error kinds as for text.
 */
import { DiscordAPIError, HTTPError, RateLimitError, REST } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { classifyDiscordError, DiscordSender, nonceFor } from "../../../adapters/discord/sender.js";
import type { MessagePayload } from "../../../src/outbox/payload.js";
import { PermanentSendError, RejectedSendError, TransientSendError } from "../../../src/outbox/sender.js";
import { FakeDiscord } from "../../fakes/discord/fake-discord.js";
import { tinyPng } from "../../fakes/shared/png.js";

const apiError = (code: number, status: number, message = "error") =>
  new DiscordAPIError({ code, message }, code, status, "POST", "https://discord.test/api/v10/channels/1/messages", {
    body: undefined,
  });

describe("classifyDiscordError", () => {
  it("treats 50007 and an unknown channel as permanent", () => {
    expect(classifyDiscordError(apiError(50007, 403, "Cannot send messages to this user"))).toBeInstanceOf(
      PermanentSendError,
    );
    expect(classifyDiscordError(apiError(10003, 404, "Unknown Channel"))).toBeInstanceOf(PermanentSendError);
  });

  it("treats other 4xx as an unsendable message", () => {
    expect(classifyDiscordError(apiError(50035, 400, "Invalid Form Body"))).toBeInstanceOf(RejectedSendError);
  });

  it("turns a rate limit the REST queue gave up on into a retry-after", () => {
    const limited = new RateLimitError({
      timeToReset: 4_000,
      limit: 5,
      method: "POST",
      hash: "h",
      url: "u",
      route: "/channels/:id/messages",
      majorParameter: "1",
      global: false,
      retryAfter: 4_000,
      sublimitTimeout: 0,
      scope: "user",
    });
    const error = classifyDiscordError(limited);
    expect(error).toBeInstanceOf(TransientSendError);
    expect((error as TransientSendError).retryAfterMs).toBe(4_000);
  });

  it("retries server errors", () => {
    expect(classifyDiscordError(new HTTPError(502, "Bad Gateway", "POST", "u", { body: undefined }))).toBeInstanceOf(
      TransientSendError,
    );
  });
});

describe("nonceFor", () => {
  it("is stable per message part and within Discord's 25 characters", () => {
    expect(nonceFor("occ:1:1", 0)).toBe(nonceFor("occ:1:1", 0));
    expect(nonceFor("occ:1:1", 0)).not.toBe(nonceFor("occ:1:1", 1));
    expect(nonceFor("occ:1:1", 0)).toHaveLength(25);
  });
});

const USER = "200000000000000042";
const png = tinyPng(5, 2, 3);
const withPicture = (text: string): MessagePayload => ({
  kind: "message",
  text,
  choices: [[{ data: "AbCdEfGhIj.1", label: "Seen" }]],
  image: { pngBase64: png.toString("base64"), fileName: "week-2026-W47-c12.png", altText: "Scores by week" },
});

const fakes: FakeDiscord[] = [];
afterEach(async () => {
  for (const fake of fakes.splice(0)) await fake.close();
});

/** A sender on the fake's REST API, configured like the bot's (long rate limits are rejected, not slept). */
async function setUp() {
  const fake = await FakeDiscord.start({ echoBotMessages: false });
  fakes.push(fake);
  const rest = new REST({ api: fake.restRoot, rejectOnRateLimit: (limit) => limit.retryAfter > 3_000 });
  rest.setToken(fake.token);
  const user = fake.user(USER);
  return { fake, user, sender: new DiscordSender(rest), messagesPath: `/channels/${user.dmChannelId}/messages` };
}

describe("DiscordSender with a picture", () => {
  it("uploads the exact PNG with its file name and alt text on a message with the text and buttons", async () => {
    const { fake, user, sender, messagesPath } = await setUp();
    const { messageId } = await sender.send(user.dmChannelId, withPicture("Your week."), { dedupeKey: "occ:1:1" });

    const [message, ...rest] = user.messages();
    expect(rest).toEqual([]);
    expect(message).toMatchObject({ id: messageId, content: "Your week.", nonce: nonceFor("occ:1:1", 0) });
    expect(message?.attachments).toHaveLength(1);
    expect(message?.attachments?.[0]).toMatchObject({
      filename: "week-2026-W47-c12.png",
      description: "Scores by week",
      content_type: "image/png",
      width: 5,
      height: 2,
    });
    expect(message?.attachments?.[0]?.data.equals(png)).toBe(true);
    expect(user.buttons(messageId)).toEqual([{ label: "Seen", custom_id: "AbCdEfGhIj.1" }]);
    const [request] = fake.requestsTo("POST", messagesPath);
    expect(request?.files?.map((f) => f.field)).toEqual(["files[0]"]);
    expect(request?.body).toMatchObject({ enforce_nonce: true, allowed_mentions: { parse: [] } });
  });

  it("puts the picture on the first 2000-character part and the buttons on the last", async () => {
    const { fake, user, sender, messagesPath } = await setUp();
    const text = `${"a".repeat(1500)}\n${"b".repeat(1500)}`;
    const { messageId } = await sender.send(user.dmChannelId, withPicture(text), { dedupeKey: "occ:1:2" });

    const [first, second, ...rest] = user.messages();
    expect(rest).toEqual([]);
    expect(first?.content).toBe("a".repeat(1500));
    expect(first?.attachments?.[0]?.data.equals(png)).toBe(true);
    expect(user.buttons(first?.id)).toEqual([]);
    expect(second).toMatchObject({ id: messageId, content: "b".repeat(1500) });
    expect(second?.attachments).toBeUndefined();
    expect(user.buttons(second?.id)).toHaveLength(1);
    // Only the first part is an upload.
    expect(fake.requestsTo("POST", messagesPath).map((r) => r.files?.length ?? 0)).toEqual([1, 0]);
  });

  it("drops a re-sent picture by its nonce", async () => {
    const { user, sender } = await setUp();
    const first = await sender.send(user.dmChannelId, withPicture("Your week."), { dedupeKey: "occ:1:3" });
    const again = await sender.send(user.dmChannelId, withPicture("Your week."), { dedupeKey: "occ:1:3" });
    expect(again.messageId).toBe(first.messageId);
    expect(user.messages()).toHaveLength(1);
  });

  it("treats closed DMs as permanent for a picture too", async () => {
    const { fake, user, sender } = await setUp();
    fake.closeDMs(USER);
    await expect(sender.send(user.dmChannelId, withPicture("Hi"), { dedupeKey: "occ:1:4" })).rejects.toBeInstanceOf(
      PermanentSendError,
    );
  });

  it("hands a long rate limit on a picture back as a retry-after", async () => {
    const { fake, user, sender, messagesPath } = await setUp();
    fake.failNext("POST", new RegExp(`^${messagesPath}$`), 1, FakeDiscord.rateLimited(10));
    const error = await sender
      .send(user.dmChannelId, withPicture("Hi"), { dedupeKey: "occ:1:5" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientSendError);
    expect((error as TransientSendError).retryAfterMs).toBeGreaterThan(3_000);
    expect(user.messages()).toEqual([]);
  });

  it("refuses a picture that is not a PNG without calling Discord", async () => {
    const { fake, user, sender } = await setUp();
    const broken = withPicture("Hi");
    if (broken.image) broken.image.pngBase64 = Buffer.from("GIF89a, not a png").toString("base64");
    await expect(sender.send(user.dmChannelId, broken, { dedupeKey: "occ:1:6" })).rejects.toBeInstanceOf(
      RejectedSendError,
    );
    expect(fake.requestsTo("POST", /\/messages$/)).toEqual([]);
  });
});
