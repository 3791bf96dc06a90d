/**
 * Failed `getUpdates` calls are logged once each, cleaned: a dropped connection as a network failure
 * (the request URL with the token replaced), a refusal by Telegram with its code, and a poll aborted
 * by stopping not at all. Other methods are left to report their own failures.
 */
import { Writable } from "node:stream";
import { Bot, GrammyError, HttpError } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import { logPollFailures } from "../../../adapters/telegram/poll-failures.js";
import { createLogger } from "../../../src/logger.js";
import { createRedactor } from "../../../src/redact.js";
import { FakeBotApi } from "../../fakes/telegram/fake-bot-api.js";

const secret = "AAF3kZq9_Lw-7pRt2mNvXc8YbHs4JdQe5Gu";
const token = `7212345678:${secret}`;

/** grammY types its signal with the abort-controller package's type; Node's own works the same. */
type PollSignal = Parameters<Bot["api"]["getUpdates"]>[1];

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function setUp() {
  const fake = await FakeBotApi.start({ token });
  cleanups.push(() => fake.close());
  let captured = "";
  const destination = new Writable({
    write(chunk, _encoding, done) {
      captured += chunk.toString();
      done();
    },
  });
  // A logger that redacts nothing by itself, so the cleaning seen here is logPollFailures' own.
  const logger = createLogger("info", { redact: (line) => line, destination });
  const bot = new Bot(token, { client: { apiRoot: fake.apiRoot } });
  logPollFailures(bot, logger, createRedactor([token]));
  const lines = () =>
    captured
      .trim()
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { fake, bot, lines, text: () => captured };
}

describe("logPollFailures", () => {
  it("logs a dropped connection as a cleaned network failure", async () => {
    const { fake, bot, lines, text } = await setUp();
    fake.dropNext("getUpdates", 1);
    await expect(bot.api.getUpdates({ timeout: 0 })).rejects.toBeInstanceOf(HttpError);
    expect(lines()).toEqual([
      expect.objectContaining({
        msg: "telegram: fetching updates failed",
        err: { name: "HttpError", reason: expect.stringContaining(`${fake.apiRoot}/bot<redacted>/getUpdates failed`) },
      }),
    ]);
    expect(text()).not.toContain(secret);
  });

  it("logs a refusal with Telegram's code", async () => {
    const { fake, bot, lines } = await setUp();
    fake.failNext("getUpdates", 1, {
      error_code: 409,
      description: "Conflict: terminated by other getUpdates request",
    });
    await expect(bot.api.getUpdates({ timeout: 0 })).rejects.toBeInstanceOf(GrammyError);
    expect(lines()).toEqual([
      expect.objectContaining({
        msg: "telegram: getUpdates refused",
        code: 409,
        reason: "Conflict: terminated by other getUpdates request",
      }),
    ]);
  });

  it("logs nothing for a poll aborted on purpose, a successful poll, or another method's failure", async () => {
    const { fake, bot, lines } = await setUp();
    const stop = new AbortController();
    const polling = bot.api.getUpdates({ timeout: 30 }, stop.signal as PollSignal);
    await fake.waitFor(() => fake.callsTo("getUpdates").length === 1);
    stop.abort();
    await expect(polling).rejects.toBeInstanceOf(HttpError);
    await bot.api.getUpdates({ timeout: 0 });
    fake.dropNext("sendMessage", 1);
    await expect(bot.api.sendMessage(1, "hi")).rejects.toBeInstanceOf(HttpError);
    expect(lines()).toEqual([]);
  });
});
