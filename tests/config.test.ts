/**
 * loadConfig: defaults, empty strings meaning "unset", and errors that name the bad variable without
 * echoing any secret.
 */
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";

const secrets = {
  TELEGRAM_BOT_TOKEN: "123456789:AAH-telegram-secret-token",
  DISCORD_BOT_TOKEN: "discord.secret.token-value",
  DISCORD_APPLICATION_ID: "987654321012345678",
};

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(Object.keys(env))}`);
}

describe("loadConfig", () => {
  it("has defaults for an empty environment", () => {
    const config = loadConfig({});
    expect(config.INTERLUDE_DB).toBe("./data/interlude.db");
    expect(config.TELEGRAM_BOT_TOKEN).toBeUndefined();
    expect(config.TELEGRAM_BOT_USERNAME).toBeUndefined();
    expect(config.DISCORD_BOT_TOKEN).toBeUndefined();
    expect(config.LOG_LEVEL).toBeUndefined();
  });

  it("reads the environment it is given, not process.env", () => {
    const config = loadConfig({
      ...secrets,
      INTERLUDE_DB: "/var/lib/interlude/db.sqlite",
      TELEGRAM_BOT_USERNAME: "interlude_bot",
      TELEGRAM_API_ROOT: "http://localhost:8081",
      LOG_LEVEL: "debug",
    });
    expect(config).toMatchObject({
      ...secrets,
      INTERLUDE_DB: "/var/lib/interlude/db.sqlite",
      TELEGRAM_BOT_USERNAME: "interlude_bot",
      TELEGRAM_API_ROOT: "http://localhost:8081",
      LOG_LEVEL: "debug",
    });
  });

  it("treats empty (and blank) tokens and optional settings as unset", () => {
    const config = loadConfig({
      TELEGRAM_BOT_TOKEN: "",
      DISCORD_BOT_TOKEN: "   ",
      DISCORD_APPLICATION_ID: "",
      TELEGRAM_BOT_USERNAME: "",
      TELEGRAM_API_ROOT: "",
      DISCORD_API_ROOT: "",
    });
    expect(config.TELEGRAM_BOT_TOKEN).toBeUndefined();
    expect(config.DISCORD_BOT_TOKEN).toBeUndefined();
    expect(config.DISCORD_APPLICATION_ID).toBeUndefined();
    expect(config.TELEGRAM_BOT_USERNAME).toBeUndefined();
    expect(config.TELEGRAM_API_ROOT).toBeUndefined();
    expect(config.DISCORD_API_ROOT).toBeUndefined();
  });

  it("trims a token", () => {
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: ` ${secrets.TELEGRAM_BOT_TOKEN}\n` }).TELEGRAM_BOT_TOKEN).toBe(
      secrets.TELEGRAM_BOT_TOKEN,
    );
  });

  it.each([["@interlude_bot"], ["bot"], ["has space_bot"], ["a".repeat(33)]])(
    "rejects TELEGRAM_BOT_USERNAME %j, naming it and no secret",
    (username) => {
      const error = configError({ ...secrets, TELEGRAM_BOT_USERNAME: username });
      expect(error.message).toContain("TELEGRAM_BOT_USERNAME");
      for (const secret of Object.values(secrets)) expect(error.message).not.toContain(secret);
    },
  );

  it.each([["not a url"], ["api.telegram.org"]])("rejects TELEGRAM_API_ROOT %j, naming it and no secret", (root) => {
    const error = configError({ ...secrets, TELEGRAM_API_ROOT: root });
    expect(error.message).toContain("TELEGRAM_API_ROOT");
    expect(error.message).not.toContain("TELEGRAM_BOT_USERNAME");
    for (const secret of Object.values(secrets)) expect(error.message).not.toContain(secret);
  });

  // A Bot API server is reached over http(s) only; any other scheme would fail only at the first request.
  it.each([["ftp://api.example.org"], ["javascript:alert(1)"]])("rejects TELEGRAM_API_ROOT %j", (root) => {
    expect(configError({ TELEGRAM_API_ROOT: root }).message).toContain("TELEGRAM_API_ROOT");
  });

  it("binds the webhook server to loopback unless TELEGRAM_WEBHOOK_HOST says otherwise", () => {
    expect(loadConfig({}).TELEGRAM_WEBHOOK_HOST).toBe("127.0.0.1");
    expect(loadConfig({ TELEGRAM_WEBHOOK_HOST: "" }).TELEGRAM_WEBHOOK_HOST).toBe("127.0.0.1");
    for (const host of ["0.0.0.0", "::1", "10.0.0.5", "proxy.internal"]) {
      expect(loadConfig({ TELEGRAM_WEBHOOK_HOST: host }).TELEGRAM_WEBHOOK_HOST).toBe(host);
    }
  });

  it.each([["http://127.0.0.1"], ["127.0.0.1:8443"], ["two words"]])("rejects TELEGRAM_WEBHOOK_HOST %j", (host) => {
    expect(configError({ TELEGRAM_WEBHOOK_HOST: host }).message).toBe(
      "environment: TELEGRAM_WEBHOOK_HOST: must be an IP address (such as 127.0.0.1) or a host name",
    );
  });

  it("names every bad variable at once", () => {
    const error = configError({
      ...secrets,
      TELEGRAM_BOT_USERNAME: "@x",
      TELEGRAM_API_ROOT: "nope",
      LOG_LEVEL: "loud",
    });
    for (const name of ["TELEGRAM_BOT_USERNAME", "TELEGRAM_API_ROOT", "LOG_LEVEL"])
      expect(error.message).toContain(name);
    for (const secret of Object.values(secrets)) expect(error.message).not.toContain(secret);
  });
});
