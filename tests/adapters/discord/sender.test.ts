/**
 * How Discord failures reach the dispatcher. 50007 (DMs closed) must be permanent: retrying invalid
 * requests gets a bot banned.
 */
import { DiscordAPIError, HTTPError, RateLimitError } from "discord.js";
import { describe, expect, it } from "vitest";
import { classifyDiscordError, nonceFor } from "../../../adapters/discord/sender.js";
import { PermanentSendError, RejectedSendError, TransientSendError } from "../../../src/outbox/sender.js";

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
