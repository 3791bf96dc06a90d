/**
 * The redactor on every secret shape Interlude can meet: Telegram tokens in a request URL and bare,
 * Discord bot tokens, and the exact secrets the process was given (also URL-encoded), and on an Error
 * whose message, stack and cause quote a token. Text without secrets is left exactly as it was.
 */
import { describe, expect, it } from "vitest";
import { createRedactor, describeError, redactedMarker, secretsIn } from "../src/redact.js";

const telegramSecret = "AAF3kZq9_Lw-7pRt2mNvXc8YbHs4JdQe5Gu";
const telegramToken = `7212345678:${telegramSecret}`;
const discordToken = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GhT2kq.Zk3vQx9LmN0pR7sT1uW4yA6bC8dE2fG5hJ1kL";
const webhookSecret = "my-webhook-secret-4f9a2c";

/** Knows no configured secrets: only the shapes can catch a token. */
const byShape = createRedactor([]);

describe("createRedactor", () => {
  it("cleans a Telegram token in a request URL, keeping the rest of the line readable", () => {
    const line = `request to https://api.telegram.org/bot${telegramToken}/getUpdates failed, reason: socket hang up`;
    expect(byShape(line)).toBe(
      `request to https://api.telegram.org/bot${redactedMarker}/getUpdates failed, reason: socket hang up`,
    );
  });

  it("cleans a bare Telegram token (bot id, colon, 35-character secret)", () => {
    expect(telegramSecret).toHaveLength(35);
    expect(byShape(`token=${telegramToken}.`)).toBe(`token=${redactedMarker}.`);
  });

  it("cleans a Discord bot token (three base64url parts separated by dots)", () => {
    expect(byShape(`Authorization: Bot ${discordToken}`)).toBe(`Authorization: Bot ${redactedMarker}`);
  });

  it("cleans the exact secrets it was given, whatever their shape, whole and URL-encoded", () => {
    const redact = createRedactor(["123456:TEST-token", webhookSecret, undefined]);
    expect(redact(`got 123456:TEST-token and ${webhookSecret}`)).toBe(`got ${redactedMarker} and ${redactedMarker}`);
    expect(redact("id 123456%3ATEST-token")).toBe(`id ${redactedMarker}`);
    // A Telegram token's secret part alone is still a secret.
    expect(redact("part TEST-token")).toBe(`part ${redactedMarker}`);
  });

  it("cleans every occurrence and leaves text without secrets unchanged", () => {
    const redact = createRedactor([webhookSecret]);
    expect(redact(`${webhookSecret} ${webhookSecret}`)).toBe(`${redactedMarker} ${redactedMarker}`);
    const ordinary = "client 42 at 2026-01-05T09:30:00Z, 12345:short, a.b.c, 1.5 s; bot 7 said hi";
    expect(redact(ordinary)).toBe(ordinary);
  });

  it("ignores configured values too short to be secrets instead of garbling every message", () => {
    expect(createRedactor(["ab"])(`about ${"ab"}`)).toBe("about ab");
  });

  it("keeps a pino JSON line valid JSON", () => {
    const redact = createRedactor([webhookSecret]);
    const line = JSON.stringify({ msg: "failed", url: `https://x/bot${telegramToken}/getMe`, s: webhookSecret });
    expect(JSON.parse(redact(line))).toEqual({
      msg: "failed",
      url: `https://x/bot${redactedMarker}/getMe`,
      s: redactedMarker,
    });
  });
});

describe("secretsIn", () => {
  it("takes the bot tokens and the webhook secret from the environment, and nothing else", () => {
    expect(
      secretsIn({
        TELEGRAM_BOT_TOKEN: telegramToken,
        DISCORD_BOT_TOKEN: discordToken,
        TELEGRAM_WEBHOOK_SECRET: webhookSecret,
        INTERLUDE_DB: "./data/interlude.db",
      }),
    ).toEqual([telegramToken, discordToken, webhookSecret]);
  });
});

describe("describeError", () => {
  it("cleans an Error's message, stack and cause", () => {
    const cause = new Error(`request to http://127.0.0.1/bot${telegramToken}/getUpdates failed`);
    const error = new Error(`login failed for ${discordToken} (${webhookSecret})`, { cause });
    const printed = describeError(error, createRedactor([webhookSecret]));
    expect(error.stack).toContain(discordToken); // the stack really quotes it
    expect(printed).toContain("Error: login failed for");
    expect(printed).toContain("at "); // the stack is kept
    expect(printed).toContain(`caused by: Error: request to http://127.0.0.1/bot${redactedMarker}/getUpdates failed`);
    for (const secret of [telegramToken, telegramSecret, discordToken, webhookSecret]) {
      expect(printed).not.toContain(secret);
    }
  });

  it("cleans the network error a grammY HttpError wraps, and things thrown that are not Errors", () => {
    const wrapped = Object.assign(new Error("Network request for 'getUpdates' failed!"), {
      name: "HttpError",
      error: new Error(`request to https://api.telegram.org/bot${telegramToken}/getUpdates failed`),
    });
    const printed = describeError(wrapped, byShape);
    expect(printed).toContain(`caused by: Error: request to https://api.telegram.org/bot${redactedMarker}/getUpdates`);
    expect(printed).not.toContain(telegramSecret);
    expect(describeError(`plain ${telegramToken}`, byShape)).toBe(`plain ${redactedMarker}`);
  });
});
