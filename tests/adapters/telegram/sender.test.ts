/**
 * How Bot API failures reach the dispatcher: 429 → retry after Telegram's delay; blocked or gone →
 * permanent; any other 4xx → this message is unsendable; 5xx and network errors → retry.
 */
import { GrammyError, HttpError } from "grammy";
import { describe, expect, it } from "vitest";
import { classifyTelegramError } from "../../../adapters/telegram/sender.js";
import { PermanentSendError, RejectedSendError, TransientSendError } from "../../../src/outbox/sender.js";

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
